"""The activity list as a spreadsheet (CSV or XLSX): exactly the rows the filters select, in
the list's order, with exact amounts as the files state them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from parity.activities.models import Activity
from parity.activities.presenting import country_name
from parity.iati import codelists

MARKERS = {0: "0", 1: "1", 2: "2"}


def headers() -> list[str]:
    return [
        _("Identifier"),
        _("Title"),
        _("Reporting organisation"),
        _("Countries"),
        _("Status"),
        _("Start"),
        _("End"),
        _("Currency"),
        _("Committed"),
        _("Disbursed"),
        _("Gender marker"),
        _("Sample data"),
    ]


def rows(activities: QuerySet[Activity]) -> Iterator[list]:
    """One list per activity; an empty cell where the file gives nothing."""
    for a in activities.iterator(chunk_size=2000):
        yield [
            a.iati_identifier,
            a.title,
            a.reporting_org.name or a.reporting_org.ref,
            "; ".join(country_name(c.code) for c in a.recipient_countries.all()),
            codelists.name("ActivityStatus", a.status),
            a.start_date.isoformat() if a.start_date else "",
            a.end_date.isoformat() if a.end_date else "",
            a.default_currency,
            a.committed,
            a.disbursed,
            MARKERS.get(a.gender_marker, _("not screened")),
            _("yes") if a.is_sample else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def as_csv(activities: QuerySet[Activity]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in _with_headers(activities))
    response = StreamingHttpResponse(_utf8_with_bom(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="activities.csv"'
    return response


def as_xlsx(activities: QuerySet[Activity]) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Activities"))
    for row in _with_headers(activities):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="activities.xlsx"'
    return response


def _with_headers(activities: QuerySet[Activity]) -> Iterator[list]:
    yield headers()
    yield from rows(activities)


def _utf8_with_bom(lines: Iterator[str]) -> Iterator[bytes]:
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    yield "\ufeff".encode()
    for line in lines:
        yield line.encode()
