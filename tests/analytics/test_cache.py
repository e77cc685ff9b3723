"""The figures' cache: exact per (build, filters, figure), emptied and warmed by a refresh."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Transaction
from parity.analytics import cache, selectors
from parity.analytics import definitions as d
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import Filters, parse_filters
from parity.analytics.lookups import latest_build
from parity.analytics.models import FigureCache
from parity.analytics.shaping import table_json
from parity.analytics.tables import Column, Table
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db
CACHED = [name for name in d.FIGURES if name not in cache.LIVE]
FILTERS = [
    {},
    {"basis": "disbursements"},
    {"country": "KE"},
    {"sector": "151", "year_from": "2016", "year_to": "2019"},
]


@pytest.fixture
def portfolio(rates) -> None:
    ActivityLoader(is_sample=True).load(generate_portfolio(40, seed=3))
    facts_refresh()


def keys(filters: Filters) -> tuple[str, str]:
    return cache.build_key(filters, latest_build()), cache.filters_key(filters)


def test_a_table_survives_the_round_trip_exactly() -> None:
    table = Table(
        [Column("year", "Year", "year"), Column("amount", "Amount", "amount")],
        [{"year": 2020, "amount": Decimal("12.30"), "share": None, "label": "x"}],
        unconverted=3,
        notes=["a note"],
    )
    back = cache.decode(cache.encode(table))
    assert back == table
    assert isinstance(back.rows[0]["amount"], Decimal)
    assert str(back.rows[0]["amount"]) == "12.30"


@pytest.mark.parametrize("params", FILTERS)
def test_a_cached_figure_equals_the_uncached_computation(portfolio, params) -> None:
    filters = parse_filters(params)
    first = selectors.figure_tables(filters)  # computes (or reads the warmed default view)
    stored = cache.read(*keys(filters), list(d.FIGURES))
    assert sorted(stored) == sorted(CACHED)  # live figures are never stored
    second = selectors.figure_tables(filters)  # read back from the database
    for name in d.FIGURES:
        computed = selectors.compute_table(filters, name)
        assert first[name] == computed, name
        assert second[name] == computed, name
        if name in stored:
            assert stored[name] == computed, name
    assert selectors.figures(filters)["figures"] == {
        name: table_json(name, selectors.compute_table(filters, name), basis)
        for name, basis in ((n, selectors.basis_of(filters)) for n in d.FIGURES)
    }


def test_different_filters_are_different_entries(portfolio) -> None:
    everything = parse_filters({})
    kenya = parse_filters({"country": "KE"})
    selectors.figure_tables(kenya)
    assert keys(everything)[1] != keys(kenya)[1]
    assert FigureCache.objects.filter(filters=keys(everything)[1]).count() == len(CACHED)
    assert FigureCache.objects.filter(filters=keys(kenya)[1]).count() == len(CACHED)
    assert selectors.figure_table(kenya, "top-recipients") != selectors.figure_table(
        everything, "top-recipients"
    )


def test_a_refresh_empties_the_cache_and_warms_the_default_view(portfolio) -> None:
    kenya = parse_filters({"country": "KE"})
    selectors.figure_tables(kenya)
    facts_refresh()
    assert not FigureCache.objects.filter(filters=keys(kenya)[1]).exists()
    default = parse_filters({})
    assert set(FigureCache.objects.values_list("name", flat=True)) == set(CACHED)
    assert set(FigureCache.objects.values_list("build", flat=True)) == {keys(default)[0]}


def test_a_refresh_shows_new_data(portfolio) -> None:
    filters = parse_filters({})
    before = selectors.figure_table(filters, "by-marker")
    changed = Transaction.objects.filter(type="2", date__isnull=False).first()
    assert changed is not None
    changed.value += Decimal("1000000")
    changed.save()
    assert selectors.figure_table(filters, "by-marker") == before  # same build: cached figure
    facts_refresh()
    after = selectors.figure_table(filters, "by-marker")
    assert after != before
    assert after == selectors.compute_table(filters, "by-marker")


def test_a_new_deflator_series_is_a_new_entry(portfolio) -> None:
    from parity.commitments.models import Deflator

    Deflator.objects.bulk_create(
        Deflator(
            key="USD", year=year, index=Decimal(100 + year - 2010), base_year=2010, currency="USD"
        )
        for year in range(2010, 2031)
    )
    filters = parse_filters({"prices": "constant"})
    before = selectors.figure_table(filters, "focused-share")
    Deflator.objects.filter(year=2020).update(index=Decimal(200))
    after = selectors.figure_table(filters, "focused-share")
    assert after == selectors.compute_table(filters, "focused-share")
    assert after != before


def test_the_stale_warning_still_shows_after_activities_change(portfolio) -> None:
    client = Client(HTTP_HOST="localhost")
    warning = "Activities changed after these figures were built"
    assert warning not in client.get("/dashboard/").content.decode()
    Activity.objects.filter(pk=Activity.objects.first().pk).update(updated_at=timezone.now())
    assert warning in client.get("/dashboard/").content.decode()
    facts_refresh()
    assert warning not in client.get("/dashboard/").content.decode()
