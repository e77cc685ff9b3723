"""Prices of CRS rows on the dashboard: rows that state constant prices only, constant prices
without a deflator table, and what the page, the downloads and the API say about each."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from parity.activities.models import Activity, Organisation, Transaction
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import MissingDeflatorsError, parse_filters
from parity.analytics.selectors import figure_table
from tests.crs.files import bulk_row, bulk_text, write

pytestmark = pytest.mark.django_db


def import_rows(tmp_path, rows) -> str:
    out = StringIO()
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=out)
    refreshed = StringIO()
    call_command("refresh_figures", stdout=refreshed)
    return refreshed.getvalue()


@pytest.fixture
def crs_rows(tmp_path) -> str:
    """Three commitments: two the file states at constant prices only (no current amount),
    one with both prices; no deflator table is stored."""
    constant_only = {"USD_Commitment": "", "USD_Disbursement": "", "USD_Disbursement_Defl": ""}
    return import_rows(
        tmp_path,
        [
            bulk_row(CrsID="1", USD_Commitment_Defl="2", **constant_only),
            bulk_row(CrsID="2", USD_Commitment_Defl="3", Gender="0", **constant_only),
            bulk_row(CrsID="3", USD_Commitment="1", USD_Commitment_Defl="1.25", Gender="1"),
        ],
    )


def test_constant_only_rows_are_not_counted_as_wanting_an_exchange_rate(crs_rows) -> None:
    assert "0 without an exchange rate" in crs_rows
    assert "2 CRS rows whose file gives constant prices only count at constant prices" in crs_rows
    table = figure_table(parse_filters({}), "focused-share")
    assert (table.unconverted, table.no_current) == (0, 2)
    assert table.rows[0]["allocable"] == Decimal("1000000.00")  # the current amount only

    page = Client().get("/dashboard/?basis=commitments").content.decode()
    assert "Left out at current prices: 2 CRS rows, because their file gives no current" in page
    assert "exchange rate" not in page.replace("no exchange rate or deflator", "")
    assert "?basis=commitments&amp;prices=constant" in page  # where they count

    body = Client().get("/dashboard/figures/focused-share.json").json()
    assert (body["unconverted"], body["no_current"]) == (0, 2)
    assert Client().get("/api/figures/focused-share").json()["no_current"] == 2


def test_the_files_constant_amounts_give_a_constant_figure_without_deflators(crs_rows) -> None:
    filters = parse_filters({"prices": "constant"})
    assert (filters.deflator, filters.base_year) == ("", None)  # the bulk files give no year
    table = figure_table(filters, "focused-share")
    assert (table.unconverted, table.no_current) == (0, 0)
    first = table.rows[0]
    assert first["allocable"] == Decimal("6250000.00")  # 2 + 3 + 1.25 million, as stated
    assert first["significant"] == Decimal("1250000.00")
    assert first["principal"] == Decimal("2000000.00")
    page = Client().get("/dashboard/?prices=constant")
    assert page.status_code == 200
    assert "constant prices as the CRS files state them (base year not stated" in (
        page.content.decode()
    )


@pytest.fixture
def iati_only(db) -> None:
    org = Organisation.objects.create(ref="XM-TEST-1", name="Test org")
    activity = Activity.objects.create(
        iati_identifier="XM-TEST-1-A", reporting_org=org, default_currency="USD", gender_marker=1
    )
    Transaction.objects.create(
        activity=activity, type="2", date="2020-05-01", value=Decimal("100"), currency="USD"
    )
    facts_refresh()


def test_constant_prices_without_deflators_say_what_to_load(iati_only) -> None:
    with pytest.raises(MissingDeflatorsError):
        parse_filters({"prices": "constant"})
    page = Client().get("/dashboard/?prices=constant&year_from=2020")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Constant prices need data that is not loaded yet" in html
    assert "parity import-deflators FILE.csv" in html and "docs/pledges.md" in html
    assert "parity import-crs FILE" in html
    assert 'href="?year_from=2020"' in html  # the same view at current prices

    download = Client().get("/dashboard/figures/focused-share.csv?prices=constant")
    assert download.status_code == 409
    body = download.json()
    assert body["field"] == "prices"
    assert body["load"]["command"] == "parity import-deflators FILE.csv"
    assert "deflator" in body["error"] and "docs/pledges.md" in body["error"]

    api = Client().get("/api/figures?prices=constant")
    assert api.status_code == 409
    assert "parity import-deflators FILE.csv" in api.json()["message"]


def test_a_bad_base_year_is_still_a_bad_filter(crs_rows) -> None:
    download = Client().get("/dashboard/figures/focused-share.csv?prices=constant&base_year=2010")
    assert download.status_code == 400
    assert download.json()["field"] == "base_year"
