"""Readers of the real labelled CRS sets (``../shared/data`` layouts) into LabelledRows.

Three layouts: the OECD Data Explorer CSV (``gender_equality`` 0/1/2, blank = not screened), the
PARIS21 workbook (``gen_marker`` 1 = significant or principal, 0 = marker 0 OR not screened), and
Development Initiatives' legacy CamelCase CSVs (text labels, often cp1252). They are read here,
small and label-focused, until ``parity.crs`` reads CRS files for the whole project.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from parity.iati import codelists
from parity.suggest.errors import SuggestError
from parity.suggest.rows import LabelledRow, Subject

# DI's recoded labels; "Partial"/"Major" are its older words for significant/principal.
DI_LABELS = {
    "no gender component": 0,
    "significant gender component": 1,
    "partial gender component": 1,
    "principal gender component": 2,
    "major gender component": 2,
}
DI_UNSCREENED = {"not screened", ""}


def _open_text(path: Path) -> list[str]:
    """The file's lines, as UTF-8 if it decodes, else Windows-1252 (legacy CRS exports)."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding).splitlines(keepends=True)
        except UnicodeDecodeError:
            continue
    raise SuggestError(f"{path}: neither UTF-8 nor Windows-1252 text")


def _joined(title: str | None, *texts: str | None) -> str:
    """The distinct non-empty texts in order, one a line, leaving out any equal to the title:
    most CRS short descriptions differ from both title and long description (2,785 of the
    2,972 labelled housing rows) and are part of the project's words."""
    seen = [(title or "").strip()]
    for text in texts:
        text = (text or "").strip()
        if text and text not in seen:
            seen.append(text)
    return "\n".join(seen[1:])


def _purpose_by_name() -> dict[str, str]:
    return {name.strip().lower(): code for code, name in codelists.codes("Sector").items()}


def read_explorer_csv(path: Path) -> Iterator[LabelledRow]:
    """OECD Data Explorer CRS rows (``crs_id``, ``project_title``, ``gender_equality`` ...).

    In this layout the aid type code (C01, B01 ...) sits in the ``flow_code`` column."""
    for line, row in enumerate(csv.DictReader(_open_text(path)), start=2):
        value = (row.get("gender_equality") or "").strip()
        if value == "":
            continue  # not screened: no label
        if value not in {"0", "1", "2"}:
            raise SuggestError(f"{path}, line {line}: gender_equality {value!r} is not 0, 1 or 2")
        marker = int(value)
        subject = Subject(
            key=row.get("crs_id") or f"{path.name}:{line}",
            title=(row.get("project_title") or "").strip(),
            description=_joined(
                row.get("project_title"), row.get("short_description"), row.get("long_description")
            ),
            purpose_codes=(row["sector_code"],) if row.get("sector_code") else (),
            provider=row.get("donor_name", ""),
            aid_type=row.get("flow_code", ""),
        )
        yield LabelledRow(subject, marker > 0, marker, source=path.name)


def read_legacy_csv(path: Path) -> Iterator[LabelledRow]:
    """Legacy CRS column names (CrsID/ProjectTitle/Gender, or crs_id/.../gender) with DI's
    text labels; "Not screened" rows are left out."""
    purposes = _purpose_by_name()
    for line, row in enumerate(csv.DictReader(_open_text(path)), start=2):
        low = {key.lower(): value for key, value in row.items() if key}
        label = (low.get("gender") or "").strip().lower()
        if label in DI_UNSCREENED:
            continue
        if label not in DI_LABELS:
            raise SuggestError(f"{path}, line {line}: unknown gender label {label!r}")
        marker = DI_LABELS[label]
        purpose = purposes.get((low.get("purposename") or low.get("purpose_name") or "").lower())
        subject = Subject(
            key=low.get("crsid") or low.get("crs_id") or f"{path.name}:{line}",
            title=low.get("projecttitle") or low.get("project_title") or "",
            description=_joined(
                low.get("projecttitle") or low.get("project_title"),
                low.get("shortdescription") or low.get("short_description"),
                low.get("longdescription") or low.get("long_description"),
            ),
            purpose_codes=(purpose,) if purpose else (),
            provider=low.get("donorname") or low.get("donor_name") or "",
            aid_type=low.get("aid_t") or low.get("aid_type") or "",
        )
        yield LabelledRow(subject, marker > 0, marker, source=path.name)


def read_paris21_xlsx(path: Path) -> Iterator[LabelledRow]:
    """PARIS21's binary set: only ``focused`` is known (its 0 merges marker 0 and unscreened).
    The classifier outputs in the workbook (match_gender, text_detection) are not read."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        rows = book.active.iter_rows(values_only=True)
        header = [str(cell) for cell in next(rows)]
        for line, values in enumerate(rows, start=2):
            row = dict(zip(header, values, strict=False))
            flag = row.get("gen_marker")
            if flag not in (0, 1):
                raise SuggestError(f"{path}, row {line}: gen_marker {flag!r} is not 0 or 1")
            subject = Subject(
                key=str(row.get("crsid") or f"{path.name}:{line}"),
                title=str(row.get("projecttitle") or ""),
                description=str(row.get("description") or ""),
                provider=str(row.get("donorname") or ""),
            )
            yield LabelledRow(subject, bool(flag), None, source=path.name)
    finally:
        book.close()


def read_labelled(path: Path) -> list[LabelledRow]:
    """Every labelled row of one file, its layout told by its extension and header."""
    if not path.is_file():
        raise SuggestError(f"{path}: no such labelled file")
    if path.suffix.lower() == ".xlsx":
        return list(read_paris21_xlsx(path))
    if path.suffix.lower() != ".csv":
        raise SuggestError(f"{path}: give a CRS .csv or the PARIS21 .xlsx")
    header = _open_text(path)[0].lower() if path.stat().st_size else ""
    if "gender_equality" in header:
        return list(read_explorer_csv(path))
    if "gender" in header.split(","):
        return list(read_legacy_csv(path))
    raise SuggestError(f"{path}: no gender marker column (gender_equality or Gender)")


def read_folder(folder: Path) -> list[LabelledRow]:
    """Every labelled file under a folder (the layout of ``../shared/data``)."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".csv", ".xlsx"})
    if not files:
        raise SuggestError(f"{folder}: no labelled .csv or .xlsx files")
    return [row for path in files for row in read_labelled(path)]
