"""The activity list: the columns people choose by, sorting, pickers with names, and a
download of exactly the filtered list."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from parity.activities import selectors
from parity.activities.codes import ACTIVITY_STATUSES
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.commitments.seed import load_seed
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(60))


def identifiers(page: str) -> list[str]:
    return re.findall(r'<span class="muted">([^<]+?) · ', page.split("<tbody>")[1])


def test_the_list_shows_countries_by_name_status_dates_and_amounts(client: Client, demo) -> None:
    page = client.get("/activities/", {"q": "PARITY-SEED-JICA-TIP-MM"}).content.decode()
    row = page.split("<tbody>")[1]
    activity = Activity.objects.get(iati_identifier="PARITY-SEED-JICA-TIP-MM")
    assert "Myanmar" in row
    assert ACTIVITY_STATUSES.get(activity.status, "not given") in row
    assert "None" not in row


def test_sorting_by_committed_puts_the_largest_first(client: Client, demo) -> None:
    page = client.get("/activities/", {"sort": "-committed", "sample": "only"}).content.decode()
    first = identifiers(page)[:5]
    committed = {
        a.iati_identifier: a.committed
        for a in selectors.activity_list(selectors.ActivityFilter(sample="only"))
    }
    values = [committed[i] for i in first]
    assert values == sorted(values, reverse=True)
    assert values[0] == max(v for v in committed.values() if v is not None)
    assert 'aria-sort="descending"' in page


def test_pickers_offer_names(client: Client, demo) -> None:
    page = client.get("/activities/").content.decode()
    assert '<option value="MM" label="Myanmar">' in page
    assert 'list="countries"' in page and 'list="sectors"' in page


def test_the_download_holds_exactly_the_filtered_list(client: Client, demo) -> None:
    wanted = {"marker": "none", "sample": "exclude"}
    expected = set(
        Activity.objects.filter(gender_marker__isnull=True, is_sample=False).values_list(
            "iati_identifier", flat=True
        )
    )
    response = client.get("/activities/export.csv", wanted)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Identifier"
    assert {r[0] for r in rows[1:]} == expected and len(rows) - 1 == len(expected)
    book = load_workbook(io.BytesIO(client.get("/activities/export.xlsx", wanted).content))
    sheet = book.active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected


def test_an_import_page_lists_the_activities_it_created_and_updated(
    client: Client, tmp_path
) -> None:
    from parity.activities.importer import Importer
    from tests.activities.test_activity_page import FILE

    path = tmp_path / "two.xml"
    path.write_text(FILE, encoding="utf-8")
    first = Importer().run([path])
    page = client.get(f"/imports/{first.pk}/").content.decode()
    assert "2 activities created" in page and 'href="/activities/XM-PAGE-2/"' in page
    path.write_text(FILE.replace("Child activity", "Child activity, renamed"), encoding="utf-8")
    second = Importer().run([path])
    page = client.get(f"/imports/{second.pk}/").content.decode()
    assert "1 activity updated" in page and "created</summary>" not in page
