"""The summary spread at build time over the place and sector sets (``prespread``) gives the very
figures the spreading at query time gives, and the breakdowns read it only where it can answer."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from parity.analytics import aggregate, prespread
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.analytics.lookups import latest_build
from parity.analytics.models import (
    PLACE,
    SECTOR,
    FigureBuild,
    FigureShare,
    FigureSpread,
    FigureSummary,
)
from parity.analytics.selectors import Computation, compute_table
from tests.analytics.test_summary import FIGURES, FILTERS, mixed  # noqa: F401

pytestmark = pytest.mark.django_db

BREAKDOWNS = ["top-recipients", "top-sectors", "priority-areas", "purpose-codes"]


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """The kinds whose spread rows a figure summed, in order."""
    summed = []
    sums = prespread.sums

    def counted(spread, *args, **kwargs):  # type: ignore[no-untyped-def]
        summed.append(spread.rows.values_list("kind", flat=True).first())
        return sums(spread, *args, **kwargs)

    monkeypatch.setattr(prespread, "sums", counted)
    return summed


def test_the_spread_rows_hold_the_summary(mixed) -> None:  # noqa: F811
    """Per kind, the spread amounts over their denominators add up to the summary's cents, and
    the first parts' rows count every summary row once."""
    build = latest_build()
    assert build is not None and build.spread_rows == FigureSpread.objects.count() > 0
    summary = FigureSummary.objects.aggregate(cents=Sum("amount"), rows=Sum("row_count"))
    for kind in (PLACE, SECTOR):
        rows = FigureSpread.objects.filter(kind=kind)
        amounts = rows.values_list("amount", "denominator")
        total = sum(Fraction(int(a), d or 1) for a, d in amounts if a is not None)
        assert total == summary["cents"]
        firsts = rows.filter(first_part=True).aggregate(rows=Sum("row_count"))
        assert firsts["rows"] == summary["rows"]
    assert FigureSpread.objects.filter(kind=SECTOR, first_dedicated=True).exists()


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
def test_spread_rows_give_the_same_figures(mixed, read, params) -> None:  # noqa: F811
    if params.get("region"):
        region = FigureShare.objects.filter(code__startswith="region:").values_list("code")
        params = {**params, "region": region.first()[0].split(":")[1]}
    filters = parse_filters(params)
    served, at_query_time = Computation(filters), Computation(filters, prespread=False)
    for name in FIGURES:
        table = compute_table(filters, name, served)
        assert table == compute_table(filters, name, at_query_time), name
    chosen = {"country", "region", "sector", "area", "aid_type"} & set(params)
    # Without a set, an organisation, a scheme or an aid type filtered, the country, sector
    # and purpose-code breakdowns read spread rows (not the priority areas: their kept parts
    # are the framework's, asked live).
    assert read == ([] if chosen else [PLACE, SECTOR, SECTOR])
    assert served.spreads is not bool(chosen)


def test_a_set_not_led_by_a_dedicated_code(db) -> None:
    """A sector set whose first part is no gender equality purpose code: its unconverted rows
    count with that first code in the sector breakdown, with its first dedicated code in the
    purpose-code figure's, as the spreading at query time counts them."""
    FigureShare.objects.bulk_create(
        FigureShare(kind=SECTOR, set_id=set_id, code=code, numerator=num, denominator=den)
        for set_id, code, num, den in [
            (1, "11220", 1, 2),
            (1, "15170", 1, 3),
            (1, "15180", 1, 6),
            (2, "15180", 1, 1),
        ]
    )
    common = dict(
        reporting_org_id=1, flow="c", year=2020, scheme="", aid_type="C01", allocable=True,
        flow_type="10", provider_group="dac", source="crs", superseded=False,
        has_constant=False, constant_base_year=None, place_set=0, pillar_set=0,
    )  # fmt: skip
    FigureSummary.objects.bulk_create(
        FigureSummary(**common, marker=marker, sector_set=sector, amount=cents, converted=1,
                      row_count=3)
        for cents, sector, marker in [(1001, 1, 2), (333, 1, 1), (7, 2, 2), (50, 0, 2)]
    )  # fmt: skip
    build = FigureBuild.objects.create(
        built_at=timezone.now(), summary_rows=4, spread_rows=prespread.build_spreads()
    )
    filters = parse_filters({}, build=build)
    weights = aggregate.Weights(filters)
    computation = Computation(filters, build=build)
    assert computation.spreads
    rows = aggregate.fact_rows(filters, model=FigureSummary)
    dedicated = {"15170", "15180"}
    found = {}
    for first, keep, selected in [
        (prespread.FIRST_PART, None, rows),
        (prespread.FIRST_DEDICATED, dedicated, rows.filter(sector_set__in=[1, 2])),
    ]:
        served = aggregate.spread(
            filters, weights, selected, SECTOR, "sector_set", keep,
            prespread=computation.prespread(SECTOR, first),
        )  # fmt: skip
        at_query_time = aggregate.spread(filters, weights, selected, SECTOR, "sector_set", keep)
        found[first] = _by_key(served)
        assert found[first] == _by_key(at_query_time)
    parts = found[prespread.FIRST_PART]
    assert parts[(2020, 2, True, "11220")] == (Fraction(1001, 200), 1, 2)
    assert parts[(2020, 2, True, "15170")] == (Fraction(1001, 300), 1, 0)
    assert parts[(2020, 2, True, "")] == (Fraction(50, 100), 1, 2)
    led = found[prespread.FIRST_DEDICATED]
    assert set(led) == {(2020, m, True, c) for m in (1, 2) for c in dedicated}
    assert led[(2020, 1, True, "15170")] == (Fraction(333, 300), 1, 2)
    assert led[(2020, 2, True, "15180")] == (Fraction(1001, 600) + Fraction(7, 100), 2, 2)


def _by_key(rows: list) -> dict:
    return {
        (row.year, row.marker, row.allocable, row.key): (row.amount, row.count, row.unconverted)
        for row in rows
    }


def test_no_spread_rows_when_a_sum_might_not_stay_exact(mixed, monkeypatch) -> None:  # noqa: F811
    """On SQLite (64-bit integers) a build whose sums of cents times numerators might pass
    them keeps no spread rows, and the breakdowns spread at query time; PostgreSQL sums them
    as numerics and always keeps them."""
    monkeypatch.setattr(prespread, "_EXACT", 1)
    facts_refresh(warm=False)
    build = latest_build()
    assert build is not None
    filters = parse_filters({"provider_group": "all"})
    if connection.vendor == "postgresql":
        assert build.spread_rows == FigureSpread.objects.count() > 0
        return
    assert build.spread_rows is None and not FigureSpread.objects.exists()
    assert not Computation(filters).spreads
    for name in BREAKDOWNS:
        table = compute_table(filters, name, Computation(filters))
        assert table == compute_table(filters, name, Computation(filters, summary=False))
