"""Bad numbers: rate and deflator files that try to break the import, and values stored
behind Parity's back that must not take a whole figure down with them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from parity.analytics.facts import facts_refresh
from parity.commitments.models import Deflator, ExchangeRate
from parity.commitments.rates import deflators_import, rate_rows
from parity.commitments.tracking.pledge import pledge_report
from parity.money import DeflatorRow

from .conftest import MONTHLY, make_pledge

pytestmark = pytest.mark.django_db
MEGABYTES_2 = 2 * 1024 * 1024
ARABIC_110, ARABIC_2018 = "\u0661\u0661\u0660", "\u0662\u0660\u0661\u0668"  # Arabic-Indic


def bad_value() -> str:
    """What a hand-made SQL statement can store in a numeric column: SQLite turns 9e999 into
    infinity; PostgreSQL refuses infinity in a numeric(p, s) column but takes NaN."""
    return "9e999" if connection.vendor == "sqlite" else "'NaN'"


def store_behind_the_orm(table: str, column: str, pk: int) -> None:
    with connection.cursor() as cursor:
        column = connection.ops.quote_name(column)  # "index" is an SQL keyword
        cursor.execute(f"UPDATE {table} SET {column} = {bad_value()} WHERE id = %s", [pk])


@pytest.mark.parametrize(
    "value",
    ["1e400", "9" * 50, ARABIC_110, "0." + "0" * 48 + "1", "1" * MEGABYTES_2],
    ids=["1e400", "50-digits", "arabic-indic", "50-decimals", "2MB"],
)
def test_import_rates_refuses_a_bad_rate_naming_its_line(tmp_path: Path, value: str) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(f"currency,period,rate,source\nEUR,2017,0.88,S\nJPY,2018,{value},S\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_rates", str(path))
    assert "line 3" in str(caught.value)
    assert len(str(caught.value)) < 2000
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    "line",
    [
        "JP,2018,1e400,2018,USD,S",
        f"JP,2018,{'9' * 50},2018,USD,S",
        f"JP,{ARABIC_2018},100,2018,USD,S",
    ],
    ids=["1e400", "50-digits", "arabic-indic-year"],
)
def test_import_deflators_refuses_a_bad_index_naming_its_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "deflators.csv"
    path.write_text(f"key,year,index,base_year,currency,source\nJP,2017,99,2018,USD,S\n{line}\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_deflators", str(path))
    assert "line 3" in str(caught.value)
    assert not Deflator.objects.exists()


def test_a_bad_stored_rate_is_never_used_and_every_page_stays_up(portfolio, rates):
    pledge = make_pledge()
    healthy = pledge_report(pledge, stored=False).money
    assert healthy is not None and healthy.progress.complete
    foreign = [row for row in healthy.evidence() if row.currency != "USD"]
    currency, year = foreign[0].currency, (foreign[0].value_date or foreign[0].date).year
    bad = ExchangeRate.objects.get(currency=currency, year=year, month=None)
    store_behind_the_orm("commitments_exchangerate", "units_per_usd", bad.pk)

    # The stored figure is recomputed (the rates changed) and says which rows lack a rate.
    client = Client()
    page = client.get(reverse("commitments:pledge-detail", args=[pledge.slug]))
    assert page.status_code == 200
    money = pledge_report(pledge).money
    # Every row converted at that year's rate now takes the ECB reference rate instead, and
    # says so; a month with its own loaded rate keeps it.
    days = [(r, r.value_date or r.date) for r in foreign if r.currency == currency]
    lost = {
        r.transaction_id
        for r, d in days
        if d.year == year and (currency, year, d.month) not in MONTHLY
    }
    assert lost and money.progress.complete
    sources = {e.rate_source for e in money.evidence() if e.transaction_id in lost}
    assert sources and all(s.startswith("European Central Bank") for s in sources)
    assert client.get(f"/api/pledges/{pledge.slug}").status_code == 200
    assert client.get(reverse("commitments:pledge-list")).status_code == 200
    assert all(row.units_per_usd.is_finite() for row in rate_rows())

    facts_refresh()
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/figures.json").status_code == 200
    assert client.get("/dashboard/figures/focused-share.csv").status_code == 200


def test_a_bad_stored_deflator_does_not_take_the_constant_prices_down(portfolio, rates):
    deflators_import(
        [DeflatorRow("USD", y, Decimal(90 + y - 2012), 2018, "USD", "S") for y in range(2012, 2027)]
    )
    bad = Deflator.objects.get(year=2017)
    store_behind_the_orm("commitments_deflator", "index", bad.pk)
    facts_refresh()
    client = Client()
    page = client.get("/dashboard/", {"prices": "constant", "base_year": "2018"})
    assert page.status_code in (200, 400)  # shown, or refused naming what is missing
    pledge = make_pledge()
    response = client.get(reverse("commitments:pledge-detail", args=[pledge.slug]))
    assert response.status_code == 200


def test_re_importing_a_rate_mends_a_bad_stored_one(tmp_path: Path, rates) -> None:
    bad = ExchangeRate.objects.get(currency="JPY", year=2017, month=None)
    store_behind_the_orm("commitments_exchangerate", "units_per_usd", bad.pk)
    assert ("JPY", 2017) not in {(r.currency, r.period.year) for r in rate_rows()}
    path = tmp_path / "rates.csv"
    path.write_text("currency,period,rate,source\nJPY,2017,112.1,Mended\n")
    call_command("import_rates", str(path))
    mended = ExchangeRate.objects.get(pk=bad.pk)
    assert (mended.units_per_usd, mended.source) == (Decimal("112.1"), "Mended")


def test_re_importing_a_deflator_mends_a_bad_stored_one(tmp_path: Path) -> None:
    deflators_import([DeflatorRow("USD", 2017, Decimal(99), 2018, "USD", "S")])
    bad = Deflator.objects.get()
    store_behind_the_orm("commitments_deflator", "index", bad.pk)
    deflators_import([DeflatorRow("USD", 2017, Decimal("98.5"), 2018, "USD", "Mended")])
    assert Deflator.objects.get(pk=bad.pk).index == Decimal("98.5")


def test_a_bad_stored_transaction_value_is_listed_not_fatal(portfolio, rates) -> None:
    pledge = make_pledge()
    healthy = pledge_report(pledge, stored=False).money
    first = healthy.evidence(0, 1)[0]
    store_behind_the_orm("activities_transaction", "value", first.transaction_id)

    client = Client()
    url = reverse("commitments:pledge-detail", args=[pledge.slug])
    assert client.get(url).status_code == 200
    money = pledge_report(pledge).money
    assert money.progress.total == healthy.progress.total - first.amount
    assert first.transaction_id not in money.transaction_ids
    unreadable = next(r for r in money.reasons if r.key == "value")
    assert unreadable.count == 1
    listed = client.get(url, {"excluded": "value"})
    assert listed.status_code == 200
    assert first.activity in listed.content.decode()
    assert client.get(f"/api/pledges/{pledge.slug}").status_code == 200
