"""The evidence behind a figure as a table: CSV and XLSX of exactly the rows that were added up."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from parity.commitments.models import Pledge
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
    "data source",
    "basis",
)
OUTPUT_HEADERS = (
    "actual id",
    "activity",
    "indicator",
    "period end",
    "value",
    "sex",
    "data source",
    "basis",
)
# Parity names a CRS project "crs:{provider}-{id}" (docs/crs.md); every other one is IATI's.
CRS_PREFIX = "crs:"


def data_source(activity: str) -> str:
    return "OECD CRS" if activity.startswith(CRS_PREFIX) else "IATI"


def money_basis(report: MoneyReport, pledge: Pledge) -> str:
    """What every amount of a money download is, in one sentence on each row."""
    basis = dict(Pledge.BASES)[report.target.basis]
    chosen = "" if pledge.basis_from_source else " (the editor's choice: the source does not say)"
    markers = dict(Pledge.MARKER_CONDITIONS)[report.target.markers]
    return (
        f"{basis}{chosen}; current prices as each source reports them; amounts in "
        f"{report.target.currency} at each row's rate (rate source column); "
        f"dated {report.period.start} to {report.period.end}; {markers}"
    )


def output_basis(report: OutputReport) -> str:
    sex = report.target.get_sex_display().lower() if report.target.sex else "everyone"
    return (
        f"indicator actuals (counts, IATI measure 1) for {sex}, periods ending "
        f"{report.period.start} to {report.period.end}; no prices or currency (not money)"
    )


def money_table(
    report: MoneyReport, pledge: Pledge
) -> tuple[Sequence[str], Iterable[Sequence[Cell]]]:
    currency, basis = report.target.currency, money_basis(report, pledge)
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
            data_source(e.activity),
            basis,
        )
        for e in report.evidence()
    )
    return MONEY_HEADERS, rows


def output_table(report: OutputReport) -> tuple[Sequence[str], Iterable[Sequence[Cell]]]:
    basis = output_basis(report)
    rows = (
        (
            e.value_id,
            e.activity,
            e.indicator,
            e.period_end,
            e.value,
            e.sex,
            data_source(e.activity),
            basis,
        )
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
