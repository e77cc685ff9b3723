"""Pure value parsing for IATI text: numbers, dates, booleans, result dimensions.

Parsers raise ``ValueError`` with a readable reason; the reader turns that into a rejection.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

# xsd:decimal (no exponent, no NaN/Infinity); ".5" and "-.75" occur in real files.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# "1,000,000.50": commas only as thousands separators, in groups of three.
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# Spaces used as digit-group separators: plain, no-break, narrow no-break, thin.
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|[Z+-])")


def parse_decimal(text: str) -> Decimal:
    """A money or percentage value; accepts thousands commas and digit-group spaces."""
    cleaned = text.strip().translate(_GROUP_SPACES)
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _DECIMAL.fullmatch(cleaned):
        raise ValueError(f"{text.strip()!r} is not a number")
    return Decimal(cleaned)


def parse_date(text: str) -> date | None:
    """An ISO date ("2010-12-31", also with a time or zone after it).

    Returns None for text that is not a full ISO date ("2010", "Dec 2010"): partial dates give
    no exact day, so callers keep the text beside a None date. Raises ValueError for a full
    ISO date that does not exist (2019-02-30).
    """
    text = text.strip()
    if len(text) == 10 and text[4] == text[7] == "-":  # fast path: plain "YYYY-MM-DD"
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass  # "2019-02-30" or not a date at all: the regex below tells which
    match = _ISO_DATE.match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def parse_bool(text: str | None) -> bool | None:
    """xsd:boolean ("1"/"0"/"true"/"false"); anything else or absent -> None (not given)."""
    if text is None:
        return None
    return {"1": True, "true": True, "0": False, "false": False}.get(text.strip().lower())


_DIMENSION_NAMES = {"sex": "sex", "gender": "sex", "age": "age", "age group": "age"}
_SEX_VALUES = {
    **dict.fromkeys(("female", "f", "woman", "women", "girl", "girls", "femme"), "female"),
    **dict.fromkeys(("male", "m", "man", "men", "boy", "boys", "homme"), "male"),
}


def normalise_dimension(name: str, value: str) -> tuple[str, str]:
    """(norm_name, norm_value) of a result dimension: ("Gender", "Women") -> ("sex", "female").

    Unknown names and values are lower-cased and stripped, so they still group together.
    """
    norm_name = " ".join(name.split()).lower()
    norm_name = _DIMENSION_NAMES.get(norm_name, norm_name)
    norm_value = " ".join(value.split()).lower()
    if norm_name == "sex":
        norm_value = _SEX_VALUES.get(norm_value, norm_value)
    return norm_name, norm_value
