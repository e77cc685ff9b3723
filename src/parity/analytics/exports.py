"""A figure's table as CSV or XLSX: exactly the rows and columns the page shows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from parity.analytics.basis import Basis
from parity.analytics.tables import Table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def header(table: Table, basis: Basis | None) -> list[str]:
    """Column labels; money columns say their currency so a downloaded file stands alone."""
    labels = [f"{c.code} {c.label}" if c.code else c.label for c in table.columns]
    return [
        f"{label} ({basis.currency})" if basis and c.kind == "amount" else label
        for c, label in zip(table.columns, labels, strict=True)
    ]


def to_csv(table: Table, basis: Basis | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(table, basis))
    for row in table.rows:
        writer.writerow([_text(row.get(c.key)) for c in table.columns])
    return out.getvalue()


def to_xlsx(title: str, table: Table, basis: Basis | None, notes: list[str]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header(table, basis))
    for row in table.rows:
        sheet.append([_cell(row.get(c.key)) for c in table.columns])
    about = book.create_sheet("about")
    for line in notes:
        about.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    # Excel keeps 15 significant digits: longer amounts go in as exact text.
    if isinstance(value, Decimal):
        if len(value.as_tuple().digits) <= 15:
            return float(value)
        return format(value, "f")
    return value
