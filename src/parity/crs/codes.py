"""CRS codes: providers, recipients, purposes, aid types, categories and marker values.

Providers and recipients come from ``data/codes.json`` (DAC codes; sources in docs/crs.md);
purposes, aid types and finance types are the IATI codelists, which carry the DAC codes as
they are. Files that give names instead of codes (older extracts) are matched by name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from parity.iati import codelists

MARKERS = {  # normalised column name -> IATI PolicyMarker code
    "gender": "1",
    "genderequality": "1",
    "environment": "2",
    "pdgg": "3",
    "dig": "3",
    "governance": "3",
    "trade": "4",
    "biodiversity": "5",
    "climatemitigation": "6",
    "climateadaptation": "7",
    "desertification": "8",
    "rmnch": "9",
    "drr": "10",
    "disability": "11",
    "nutrition": "12",
}
# Older extracts give the flow's name instead of the category code.
CATEGORY_OF_FLOW = {
    "oda grants": "10",
    "oda grant-like": "10",
    "oda loans": "10",
    "equity investment": "10",
    "other official flows (non export credit)": "21",
    "other official flows": "21",
    "officially supported export credits": "22",
    "private development finance": "30",
    "private sector instruments (psi)": "60",
    "private sector instruments": "60",
}
# Marker values as text (older extracts recode 0/1/2 to words); None = not screened.
_LABELS = (
    ("not screened", None),
    ("no ", 0),
    ("not targeted", 0),
    ("significant", 1),
    ("partial", 1),
    ("principal", 2),
    ("major", 2),
)
_NUMBER = re.compile(r"^([0-4])(\.0*)?$")
_PLAIN = {"": None, "0": 0, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Provider:
    code: str
    name: str
    group: str  # dac (DAC member), multilateral, private, other


def name_key(text: str) -> str:
    """A name as compared: accents kept, case, quotes and spacing (no-break too) not."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()
    return " ".join(text.split())


@cache
def _data() -> dict[str, Any]:
    with resources.files("parity.crs").joinpath("data/codes.json").open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def _providers() -> tuple[dict[str, Provider], dict[str, Provider]]:
    data = _data()
    by_code = {
        code: Provider(code, name, group) for code, (name, group) in data["providers"].items()
    }
    by_name: dict[str, Provider] = {}
    for provider in by_code.values():
        by_name[name_key(provider.name)] = provider
        # "Asian Development Bank [AsDB]" is also written "Asian Development Bank".
        by_name.setdefault(name_key(provider.name.split(" [")[0]), provider)
    for alias, code in data["provider_aliases"].items():
        by_name[name_key(alias)] = by_code[code]
    return by_code, by_name


def provider(code: str, name: str = "") -> Provider | None:
    """The provider of a code, else (a file without codes) of a name; None when unknown."""
    by_code, by_name = _providers()
    if code:
        return by_code.get(code)
    return by_name.get(name_key(name)) if name else None


def provider_groups() -> dict[str, str]:
    """Every known provider code with its group."""
    return {code: p.group for code, p in _providers()[0].items()}


@cache
def _recipient_names() -> dict[str, str]:
    data = _data()
    found = {name_key(name): code for code, (_, name) in data["recipients"].items()}
    found.update({name_key(alias): code for alias, code in data["recipient_aliases"].items()})
    return found


def recipient(code: str, name: str) -> tuple[str, str, str]:
    """(DAC code, ISO country, IATI region) of a recipient given by code or by name.

    A recipient Parity does not know keeps its code and name only (it is not refused: the
    CRS adds recipients, and the money is still the provider's)."""
    data = _data()
    if not code and name:
        code = _recipient_names().get(name_key(name), "")
    country = data["recipients"].get(code, ("", ""))[0]
    return code, country, "" if country else data["regions"].get(code, "")


@cache
def _purpose_names() -> dict[str, str]:
    found = {name_key(name): code for code, name in codelists.codes("Sector").items()}
    found.update({name_key(a): code for a, code in _data()["purpose_aliases"].items()})
    return found


def purpose(code: str, name: str = "") -> str | None:
    """A DAC 5-digit purpose code, checked; from its name when the file has no code.

    A name cut short by the file (as some extracts do at 75 characters) matches the one
    purpose it begins. None when unknown."""
    if code:
        return code if codelists.is_valid("Sector", code) else None
    key = name_key(name)
    found = _purpose_names().get(key)
    if found is None and len(key) >= 40:
        starts = {c for n, c in _purpose_names().items() if n.startswith(key)}
        found = starts.pop() if len(starts) == 1 else None
    return found


def aid_type_valid(code: str) -> bool:
    return codelists.is_valid("AidType", code)


def finance_type_valid(code: str) -> bool:
    return codelists.is_valid("FinanceType", code)


def category_of_flow(name: str) -> str:
    return CATEGORY_OF_FLOW.get(name_key(name), "")


def significance(value: str) -> int | None:
    """A marker value: 0-4 (also as "1.0"), a label, or blank = not screened (None).

    Raises ValueError for anything else."""
    if value in _PLAIN:  # nearly every value: skip the parsing
        return _PLAIN[value]
    text = value.strip()
    number = _NUMBER.match(text)
    if number:
        return int(number.group(1))
    if not text:
        return None
    key = name_key(text)
    for start, score in _LABELS:
        if key.startswith(start):
            return score
    raise ValueError(f"{value!r} is not a marker value (0, 1, 2, blank for not screened)")
