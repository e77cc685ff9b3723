"""The evidence behind a figure as a table: CSV and XLSX of exactly the rows that were added up."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.outputs import OutputReport

Cell = str | int | Decimal | date | None

MONEY_HEADERS = (
    "transaction id",
    "activity",
    "transaction type",
    "date",
    "value",
    "currency",
    "value date",
    "gender marker",
    "rate",
    "rate basis",
    "rate source",
    "amount in target currency",
    "target currency",
    "pillars",
)
OUTPUT_HEADERS = ("actual id", "activity", "indicator", "period end", "value", "sex")


def money_table(report: MoneyReport) -> tuple[Sequence[str], Iterable[Sequence[Cell]]]:
    currency = report.target.currency
    rows = (
        (
            e.transaction_id,
            e.activity,
            e.type_code,
            e.date,
            e.value,
            e.currency,
            e.value_date,
            e.gender_marker,
            e.rate,
            e.rate_basis,
            e.rate_source,
            e.amount,
            currency,
            "; ".join(e.pillars),
        )
        for e in report.evidence()
    )
    return MONEY_HEADERS, rows


def output_table(report: OutputReport) -> tuple[Sequence[str], Iterable[Sequence[Cell]]]:
    rows = (
        (e.value_id, e.activity, e.indicator, e.period_end, e.value, e.sex)
        for e in report.contributing
    )
    return OUTPUT_HEADERS, rows


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return out.getvalue()


def to_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """One sheet; decimals are written as text-exact numbers where Excel can hold them."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "evidence")
    sheet.append(list(headers))
    for row in rows:
        # Excel keeps 15 significant digits: write amounts as text when they need more, so
        # the file never shows a figure other than the one Parity added up.
        sheet.append([_xlsx_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(cell: Cell) -> Cell | float:
    if isinstance(cell, Decimal):
        if len(cell.normalize().as_tuple().digits) <= 15:
            return float(cell)
        return format(cell, "f")
    return cell
