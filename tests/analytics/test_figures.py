"""Figures from the database against an independent recount of the raw transactions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.activities.loader import ActivityLoader
from parity.activities.models import (
    Activity,
    ActivitySector,
    Organisation,
    RecipientCountry,
    Transaction,
)
from parity.analytics import selectors
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.analytics.models import FigureRow
from parity.sample import generate_portfolio

from .conftest import recount, to_money

pytestmark = pytest.mark.django_db
TYPES = {"commitments": ("2",), "disbursements": ("3", "4")}


# Reporting organisations of the DAC group in these tests (parity.providers has the rules).
DAC_REFS = {"GB-GOV-1"}


def counted(rows: list[dict]) -> list[dict]:
    """The OECD's default basis: ODA only, and DAC members' when the figures hold any."""
    oda = [r for r in rows if r["flow_type"] == "10"]
    if any(r["org_ref"] in DAC_REFS for r in recount(("2", "3", "4"))):
        return [r for r in oda if r["org_ref"] in DAC_REFS]
    return oda


def headline(rows: list[dict]) -> dict[int, dict[str, Fraction]]:
    years: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for r in rows:
        if r["cents"] is None or not r["allocable"]:
            continue
        amount = Fraction(r["cents"], 100)
        years[r["year"]]["allocable"] += amount
        if r["marker"] == 2:
            years[r["year"]]["principal"] += amount
        if r["marker"] == 1:
            years[r["year"]]["significant"] += amount
        if r["marker"] is not None:
            years[r["year"]]["screened"] += amount
    return years


def check_headline(basis: str, **filters: str) -> None:
    rows = counted(recount(TYPES[basis]))
    if "country" in filters:
        rows = [
            {**r, "cents": None if r["cents"] is None else r["cents"]}
            | {"weight": r["place"].get(filters["country"], Fraction(0))}
            for r in rows
        ]
    expected = headline(
        [r for r in rows if r.get("weight", 1)]
        if "country" not in filters
        else [
            {**r, "cents": None}
            if r["cents"] is None
            else {**r, "cents": Fraction(r["cents"]) * r["weight"]}
            for r in rows
            if r["weight"]
        ]
    )
    table = selectors.figure_table(parse_filters({"basis": basis, **filters}), "focused-share")
    shown = {int(r["period"]): r for r in table.rows if "average" not in r["period"]}
    for year, sums in expected.items():
        assert shown[year]["allocable"] == to_money(sums["allocable"]), year
        assert shown[year]["principal"] == to_money(sums["principal"]), year
        assert shown[year]["significant"] == to_money(sums["significant"]), year
    for year, r in shown.items():
        if year not in expected:
            assert r["allocable"] == 0


@pytest.fixture
def portfolio(rates) -> None:
    counts = ActivityLoader(is_sample=True).load(generate_portfolio(150, seed=5))
    assert not counts.rejected
    facts_refresh()


def test_a_refresh_leaves_planner_statistics_for_the_new_fact_table(portfolio) -> None:
    from django.db import connection

    statistics = {
        "sqlite": "SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s",
        "postgresql": "SELECT count(*) FROM pg_stats WHERE tablename = %s",
    }[connection.vendor]
    with connection.cursor() as cursor:
        for table in ("analytics_figurerow", "analytics_figureshare", "analytics_figuresummary"):
            cursor.execute(statistics, [table])
            assert cursor.fetchone()[0] > 0, table


def test_the_fact_table_sums_equal_the_raw_transactions(portfolio) -> None:
    for basis, types in TYPES.items():
        rows = recount(types)
        flow = "c" if basis == "commitments" else "d"
        facts = FigureRow.objects.filter(flow=flow).aggregate(
            cents=Sum("amount"), n=Count("id"), converted=Count("amount")
        )
        assert facts["n"] == len(rows)
        assert facts["converted"] == sum(r["cents"] is not None for r in rows)
        assert facts["cents"] == sum(r["cents"] or 0 for r in rows)


@pytest.mark.parametrize("basis", ["commitments", "disbursements"])
def test_the_headline_equals_a_recount(portfolio, basis) -> None:
    check_headline(basis)


def test_the_headline_for_one_country_takes_its_share(portfolio) -> None:
    country = RecipientCountry.objects.values_list("code", flat=True).first()
    check_headline("commitments", country=country)


def top(rows: list[dict], dimension: str) -> dict[str, Fraction]:
    sums: dict[str, Fraction] = defaultdict(Fraction)
    for r in rows:
        if r["cents"] is None or r["marker"] not in (1, 2):
            continue
        for code, share in r[dimension].items():
            sums[code] += Fraction(r["cents"], 100) * share
    return sums


@pytest.mark.parametrize(
    ("figure", "dimension"), [("top-recipients", "place"), ("top-sectors", "sector")]
)
def test_top_recipients_and_sectors_equal_a_recount(portfolio, figure, dimension) -> None:
    expected = top(counted(recount(("2",))), dimension)
    table = selectors.figure_table(parse_filters({}), figure)
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    for (code, amount), shown in zip(ranked[:10], table.rows, strict=False):
        assert shown["code"] == code.removeprefix("region:")  # a region by its code: "998"
        assert shown["focused"] == to_money(amount)
    if len(ranked) > 10:
        assert table.rows[-1]["focused"] == to_money(sum(a for _, a in ranked[10:]))


def test_the_sector_filter_takes_the_sectors_share(portfolio) -> None:
    code = ActivitySector.objects.values_list("code", flat=True).first()
    rows = counted(recount(("2",)))
    expected = sum(
        Fraction(r["cents"], 100) * r["sector"].get(code, Fraction(0))
        for r in rows
        if r["cents"] is not None and r["marker"] in (1, 2)
    )
    table = selectors.figure_table(parse_filters({"sector": code}), "top-sectors")
    assert [r["code"] for r in table.rows] == [code]
    assert table.rows[0]["focused"] == to_money(expected)


def test_every_figure_is_json_ready_with_its_basis(portfolio) -> None:
    import json

    data = selectors.figures(parse_filters({"basis": "disbursements"}))
    json.dumps(data)
    assert data["basis"]["currency"] == "USD"
    assert data["basis"]["transaction_types"] == ["3", "4"]
    assert data["figures"]["focused-share"]["basis"]["flow"] == "disbursements"
    assert data["figures"]["results-by-sex"]["basis"] is None


def test_results_by_sex_equal_a_recount(portfolio) -> None:
    from parity.activities.models import IndicatorValue

    expected: dict[str, Decimal] = defaultdict(Decimal)
    for value, sex in IndicatorValue.objects.filter(
        kind="actual", sex__in=["female", "male"], period__indicator__measure="1"
    ).values_list("value", "sex"):
        if value is not None:
            expected[sex] += value
    table = selectors.figure_table(parse_filters({}), "results-by-sex")
    assert sum(r["female"] for r in table.rows) == expected["female"]
    assert sum(r["male"] for r in table.rows) == expected["male"]


# --- random portfolios ----------------------------------------------------------------------

START = date(2016, 1, 1)
activity_specs = st.lists(
    st.tuples(
        st.sampled_from([None, 0, 1, 2]),
        st.sampled_from(["C01", "B01", "A01", "B031", ""]),
        st.sampled_from(["USD", "EUR", "JPY", "XOF"]),  # XOF has no rate: not converted
        st.sampled_from(["10", "10", "20", ""]),  # ODA, OOF, none: only ODA counts by default
        st.sampled_from(["XM-RANDOM", "GB-GOV-1"]),  # another provider, a DAC member
        st.lists(
            st.tuples(
                st.sampled_from(["AF", "KE", "VN"]), st.one_of(st.none(), st.integers(0, 100))
            ),
            max_size=3,
            unique_by=lambda p: p[0],
        ),
    ),
    min_size=1,
    max_size=4,
)
transaction_specs = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["1", "2", "3", "4"]),
        st.integers(0, 3 * 365),
        st.decimals(-(10**6), 10**9, places=2, allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "", "EUR", "USD"]),
        st.sampled_from(["", "", "B01", "A01"]),
        st.sampled_from(["", "", "", "KE"]),
    ),
    max_size=25,
)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=activity_specs, transactions=transaction_specs)
def test_random_portfolios_equal_a_recount(rates, specs, transactions) -> None:
    Activity.objects.filter(iati_identifier__startswith="XM-RANDOM-").delete()
    activities = []
    for n, (marker, aid, currency, flow_type, ref, countries) in enumerate(specs):
        org, _ = Organisation.objects.get_or_create(ref=ref, defaults={"type": "10"})
        activity = Activity.objects.create(
            iati_identifier=f"XM-RANDOM-{n}",
            reporting_org=org,
            gender_marker=marker,
            default_aid_types=[aid] if aid else [],
            default_currency=currency,
            default_flow_type=flow_type,
        )
        for code, pct in countries:
            RecipientCountry.objects.create(activity=activity, code=code, percentage=pct)
        activities.append(activity)
    for which, type_code, day, value, currency, aid, country in transactions:
        Transaction.objects.create(
            activity=activities[which % len(activities)],
            type=type_code,
            date=START + timedelta(days=day),
            value=value,
            currency=currency,
            aid_type=aid,
            recipient_country=country,
        )
    facts_refresh()
    for basis in TYPES:
        check_headline(basis)
    check_headline("commitments", country="KE")
    expected = top(counted(recount(("2",))), "place")
    table = selectors.figure_table(parse_filters({}), "top-recipients")
    # a recipient whose every transaction lacked a rate shows 0.00 (with the count left out)
    assert {r["code"]: r["focused"] for r in table.rows if r["focused"]} == {
        c.removeprefix("region:"): to_money(a) for c, a in expected.items() if to_money(a)
    }
    unconverted = sum(r["cents"] is None and r["allocable"] for r in counted(recount(("2",))))
    focused = selectors.figure_table(parse_filters({}), "focused-share")
    assert focused.unconverted == unconverted


@pytest.mark.django_db(transaction=True)
def test_a_refresh_outside_a_transaction_vacuums_the_replaced_tables_on_postgresql(
    rates,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ActivityLoader(is_sample=True).load(generate_portfolio(20, seed=3))
    facts_refresh()
    with CaptureQueriesContext(connection) as queries:
        facts_refresh()
    upkeep = [q["sql"] for q in queries if q["sql"].startswith(("VACUUM", "ANALYZE"))]
    assert any("analytics_figurerow" in sql for sql in upkeep)
    vacuumed = [sql for sql in upkeep if sql.startswith("VACUUM (ANALYZE)")]
    if connection.vendor == "postgresql":
        assert len(vacuumed) == len(upkeep) == 6
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'analytics_figurerow'"
            )
            assert cursor.fetchone()[0] == 0  # the first refresh's rows are gone
    else:  # SQLite reuses deleted pages itself: statistics only
        assert not vacuumed and len(upkeep) == 6
