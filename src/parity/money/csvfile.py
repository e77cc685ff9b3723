"""Shared reading of the small CSV tables users bring (exchange rates, deflators).

Both tables follow one rule: a file is loaded whole or not at all, and a refusal lists every
problem with its line number, so that a user fixes the file in one pass instead of one error
per upload.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

# No field of these tables needs more: a code, a date, a number or a citation. A longer one
# is refused before it is read as a number or echoed in a message.
MAX_FIELD = 1000
# A source is a citation, stored in a column of this length.
MAX_SOURCE = 300
# A plain number in the digits 0-9: Decimal() alone would also take "Infinity", "NaN",
# "1_000" and the digits of every other script.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


@dataclass(frozen=True)
class Problem:
    line: int  # 1 is the header line
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class TableFileError(ValueError):
    """A CSV table was refused; ``problems`` lists every reason, in line order."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{what}: {count} problem(s), nothing was loaded\n{lines}")


TextSource = str | bytes | os.PathLike[str] | IO[str] | IO[bytes]


def read_text(text_or_file: TextSource) -> str:
    """CSV text from a string, bytes, a path or an open file; a UTF-8 BOM is dropped."""
    if isinstance(text_or_file, os.PathLike):
        with open(text_or_file, "rb") as handle:
            data: str | bytes = handle.read()
    elif isinstance(text_or_file, str | bytes):
        data = text_or_file
    else:
        data = text_or_file.read()
    # Spreadsheet programs write a byte-order mark that would otherwise glue itself to the
    # first column name.
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return text.removeprefix("\ufeff")


def _normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _pick_columns(
    header: Sequence[str], aliases: Mapping[str, Sequence[str]], problems: list[Problem]
) -> dict[str, int]:
    """Map each field to a column index, trying its aliases in order.

    SDMX-CSV "with labels" repeats a dimension as a code column and a label column whose
    names differ only in case (``CURRENCY`` and ``Currency``); the code column, spelled in
    capitals, is the one that holds codes, so it wins. Any other tie is reported.
    """
    by_name: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        by_name.setdefault(_normalise(name), []).append(index)
    picked: dict[str, int] = {}
    for field, names in aliases.items():
        for alias in names:
            found = by_name.get(alias, [])
            if len(found) > 1:
                capitals = [i for i in found if header[i].strip().isupper()]
                if len(capitals) != 1:
                    spelled = ", ".join(repr(header[i]) for i in found)
                    problems.append(Problem(1, f"columns {spelled} are ambiguous: keep one"))
                    break
                found = capitals
            if found:
                picked[field] = found[0]
                break
    return picked


def read_records(
    text: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    problems: list[Problem],
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, {field: stripped text})`` for each non-blank record.

    ``aliases`` maps each field to the accepted column names (normalised: lower case, spaces
    and hyphens as underscores). Missing required columns are reported and yield nothing;
    fields whose column is absent are left out of the record.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = _rows(reader, problems)
    header = next(rows, None)
    if header is None:
        if not problems:
            problems.append(Problem(1, "the file is empty"))
        return
    columns = _pick_columns(header, aliases, problems)
    absent = [field for field in required if field not in columns]
    if absent:
        wanted = "; ".join(f"{field} (one of: {', '.join(aliases[field])})" for field in absent)
        problems.append(Problem(1, f"missing column(s): {wanted}"))
        return
    for row in rows:
        # line_num is the line where this record ends (quoted fields may span lines).
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(Problem(line, f"{len(row)} fields, the header has {len(header)}"))
            continue
        cells = row + [""] * (len(header) - len(row))
        record = {field: cells[index].strip() for field, index in columns.items()}
        long = [field for field, cell in record.items() if len(cell) > MAX_FIELD]
        if long:
            sizes = ", ".join(f"{field} has {len(record[field]):,} characters" for field in long)
            problems.append(Problem(line, f"{sizes}; a field holds at most {MAX_FIELD:,}"))
            continue
        yield line, record


def _rows(reader: Any, problems: list[Problem]) -> Iterator[list[str]]:
    """The reader's rows until one cannot be read (a field over the csv module's own limit,
    a quote left open to the end): that is reported with its line, and reading stops, since
    where the next record starts is then unknown."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            why = str(error)
            if why.startswith("field larger than field limit"):
                why = f"a field of more than {csv.field_size_limit():,} characters"
            problems.append(
                Problem(reader.line_num, f"unreadable CSV, {why}: nothing after it was read")
            )
            return
        yield row


def parse_decimal(text: str) -> Decimal | None:
    """A finite Decimal, or None when the text is not a plain number in the digits 0-9.

    Thousands separators are refused rather than guessed: "1,234" is a thousand in one
    locale and a little over one in another. Bounds are the caller's (``out_of_bounds``).
    """
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def not_a_number(what: str, text: str, wanted: str = "a number") -> str:
    """Why ``text`` was not read as a number, for a problem."""
    if any(char.isdigit() and not char.isascii() for char in text):
        return f"{what} {text!r} must be written with the digits 0-9"
    return f"{what} {text!r} is not {wanted}"


def decimal_places(value: Decimal) -> int:
    """Decimal places of a finite value, trailing zeros left out (0.50 has 1), computed
    without rounding: ``normalize()`` would round a long number to the context's precision."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    written = "".join(map(str, digits))
    exponent += len(written) - len(written.rstrip("0"))
    return max(0, -exponent)


def out_of_bounds(value: Decimal, *, below: Decimal, places: int) -> str:
    """Why a positive ``value`` is not kept, or "": too large or too precise to store."""
    if value >= below:
        return f"must be below {below:,f}"
    if decimal_places(value) > places:
        return f"has more than {places} decimal places"
    return ""


def known_currency(text: str, known: Collection[str], line: int, problems: list[Problem]) -> str:
    """The code in upper case; an unknown one is reported."""
    code = text.upper()
    if code not in known:
        problems.append(Problem(line, f"unknown currency {text!r}"))
    return code


def row_source(record: Mapping[str, str], default: str, line: int, problems: list[Problem]) -> str:
    """The row's source, else the caller's default; a row with neither is reported, because
    every figure must say where its rates or deflators came from."""
    source = record.get("source") or default
    if not source:
        problems.append(Problem(line, "no source: fill the source column or pass source="))
    elif len(source) > MAX_SOURCE:
        problems.append(Problem(line, f"the source is longer than {MAX_SOURCE} characters"))
    return source
