"""The evidence behind a figure as a table: CSV and XLSX of exactly the rows that were added up.

The column headers and the basis sentence are in the language of the request, as the activity
list's download; the cells keep the codes, identifiers and amounts as Parity stores them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext
from openpyxl import Workbook

from parity.commitments.models import Pledge
from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.outputs import OutputReport
from parity.i18n_marker import gettext_noop

Cell = str | int | Decimal | date | None

MONEY_HEADERS = (
    gettext_noop("transaction id"),
    gettext_noop("activity"),
    gettext_noop("transaction type"),
    gettext_noop("date"),
    gettext_noop("value"),
    gettext_noop("currency"),
    gettext_noop("value date"),
    gettext_noop("gender marker"),
    gettext_noop("rate"),
    gettext_noop("rate basis"),
    gettext_noop("rate source"),
    gettext_noop("amount in target currency"),
    gettext_noop("target currency"),
    gettext_noop("pillars"),
    gettext_noop("data source"),
    gettext_noop("basis"),
)
OUTPUT_HEADERS = (
    gettext_noop("actual id"),
    gettext_noop("activity"),
    gettext_noop("indicator"),
    gettext_noop("period end"),
    gettext_noop("value"),
    gettext_noop("sex"),
    gettext_noop("data source"),
    gettext_noop("basis"),
)
# Parity names a CRS project "crs:{provider}-{id}" (docs/crs.md); every other one is IATI's.
CRS_PREFIX = "crs:"


def data_source(activity: str) -> str:
    return "OECD CRS" if activity.startswith(CRS_PREFIX) else "IATI"


def headers(names: Sequence[str]) -> list[str]:
    """Column headers in the reader's language."""
    return [gettext(name) for name in names]


def money_basis(report: MoneyReport, pledge: Pledge) -> str:
    """What every amount of a money download is, in one sentence on each row."""
    basis = str(dict(Pledge.BASES)[report.target.basis])
    if not pledge.basis_from_source:
        basis = gettext("%(basis)s (the editor's choice: the source does not say)") % {
            "basis": basis
        }
    return gettext(
        "%(basis)s; current prices as each source reports them; amounts in %(currency)s at "
        "each row's rate (rate source column); dated %(start)s to %(end)s; %(markers)s"
    ) % {
        "basis": basis,
        "currency": report.target.currency,
        "start": report.period.start,
        "end": report.period.end,
        "markers": dict(Pledge.MARKER_CONDITIONS)[report.target.markers],
    }


def output_basis(report: OutputReport) -> str:
    sex = report.target.get_sex_display().lower() if report.target.sex else gettext("everyone")
    return gettext(
        "indicator actuals (counts, IATI measure 1) for %(sex)s, periods ending %(start)s to "
        "%(end)s; no prices or currency (not money)"
    ) % {"sex": sex, "start": report.period.start, "end": report.period.end}


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
    return headers(MONEY_HEADERS), rows


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
    return headers(OUTPUT_HEADERS), rows


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
