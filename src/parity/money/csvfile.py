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
from decimal import Decimal, InvalidOperation
from typing import IO


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
    header = next(reader, None)
    if header is None:
        problems.append(Problem(1, "the file is empty"))
        return
    columns = _pick_columns(header, aliases, problems)
    absent = [field for field in required if field not in columns]
    if absent:
        wanted = "; ".join(f"{field} (one of: {', '.join(aliases[field])})" for field in absent)
        problems.append(Problem(1, f"missing column(s): {wanted}"))
        return
    for row in reader:
        # line_num is the line where this record ends (quoted fields may span lines).
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(Problem(line, f"{len(row)} fields, the header has {len(header)}"))
            continue
        cells = row + [""] * (len(header) - len(row))
        yield line, {field: cells[index].strip() for field, index in columns.items()}


def parse_decimal(text: str) -> Decimal | None:
    """A finite Decimal, or None when the text is not a plain number.

    Thousands separators are refused rather than guessed: "1,234" is a thousand in one
    locale and a little over one in another.
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


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
    return source
