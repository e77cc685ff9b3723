"""The summary table (the fact rows grouped at build time) gives the very figures the fact
table gives, under every kind of filter, on the demo's real CRS extract, CRS rows at both
prices and the IATI sample portfolio together."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from parity.activities.crs_demo import load_demo_crs
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Organisation
from parity.analytics import aggregate, cache
from parity.analytics import definitions as d
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.analytics.lookups import latest_build
from parity.analytics.models import PLACE, FigureRow, FigureShare, FigureSummary
from parity.analytics.selectors import Computation, compute_table
from parity.commitments.models import Deflator, Framework, Pillar, PillarTag
from parity.sample import generate_portfolio
from tests.crs.files import bulk_row, bulk_text, write

pytestmark = pytest.mark.django_db

FIGURES = [name for name in d.FIGURES if name not in cache.LIVE]


def _bulk_rows() -> list[dict[str, str]]:
    """CRS rows of two donors over four years, every marker, three aid types, ODA and OOF, a
    dedicated purpose code; every fifth row states constant prices only."""
    rows = []
    for n in range(40):
        current = n % 5 != 0
        rows.append(
            bulk_row(
                CrsID=f"2019{n:06d}",
                Year=str(2016 + n % 4),
                DonorCode=["12", "701"][n % 2],
                Aid_t=["C01", "B01", "A02"][n % 3],
                Category="10" if n % 7 else "21",
                PurposeCode=["11220", "11230", "15170"][n % 3],
                Gender=["", "0", "1", "2"][n % 4],
                USD_Commitment=f"{1 + n * 0.37:.4f}" if current else "",
                USD_Disbursement=f"{0.5 + n * 0.11:.4f}" if current else "",
                USD_Commitment_Defl=f"{1.1 + n * 0.41:.4f}",
                USD_Disbursement_Defl=f"{0.6 + n * 0.13:.4f}",
            )
        )
    return rows


@pytest.fixture
def mixed(rates, tmp_path) -> None:
    assert not ActivityLoader(is_sample=True).load(generate_portfolio(120, seed=5)).rejected
    load_demo_crs()
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text(_bulk_rows()))
    call_command("import_crs", str(path), stdout=StringIO())
    framework = Framework.objects.create(
        slug="jica-priority-areas", name="Priority areas", kind="priority_areas"
    )
    pillar = Pillar.objects.create(framework=framework, slug="gender-equality", number=1, name="GE")
    PillarTag.objects.bulk_create(
        PillarTag(activity_id=pk, pillar=pillar, automatic=False)
        for pk in Activity.objects.order_by("pk").values_list("pk", flat=True)[::3]
    )
    Deflator.objects.bulk_create(
        Deflator(
            key="USD",
            year=year,
            index=Decimal(80) + (year - 2010) * Decimal("2.5"),
            base_year=2022,
            currency="USD",
            source="Test deflators",
        )
        for year in range(2010, 2027)
    )
    facts_refresh(warm=False)


def test_the_summary_holds_the_fact_table_in_fewer_rows(mixed) -> None:
    build = latest_build()
    assert build is not None and build.summary_rows == FigureSummary.objects.count()
    assert 0 < build.summary_rows < FigureRow.objects.count()
    summed = FigureSummary.objects.aggregate(cents=Sum("amount"), rows=Sum("row_count"))
    facts = FigureRow.objects.aggregate(cents=Sum("amount"))
    assert summed == {"cents": facts["cents"], "rows": FigureRow.objects.count()}
    assert Computation(parse_filters({})).summary  # the figures read it


FILTERS = [
    {},
    {"provider_group": "all"},
    {"provider_group": "all", "flow_type": "all", "basis": "disbursements"},
    {"prices": "constant"},
    {"prices": "constant", "base_year": "2019", "provider_group": "all"},
    {"prices": "constant", "basis": "disbursements", "provider_group": "all"},
    {"year_from": "2016", "year_to": "2018", "provider_group": "all"},
    {"country": "KE", "provider_group": "all"},
    {"sector": "112", "provider_group": "all", "prices": "constant"},
    {"sector": "15170", "basis": "disbursements"},
    {"aid_type": "C01", "provider_group": "all"},
    {"area": "gender-equality", "provider_group": "all"},
    {"region": "first stored", "provider_group": "all"},
]


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
def test_summary_and_fact_table_give_the_same_figures(mixed, params) -> None:
    if params.get("region"):
        region = FigureShare.objects.filter(code__startswith="region:").values_list("code")
        params = {**params, "region": region.first()[0].split(":")[1]}
    filters = parse_filters(params)
    from_summary = Computation(filters, summary=True)
    from_facts = Computation(filters, summary=False)
    counted = 0
    for name in FIGURES:
        table = compute_table(filters, name, from_summary)
        assert table == compute_table(filters, name, from_facts), name
        counted += len(table.rows)
    assert counted  # the filter selects something to compare


def test_one_organisation_from_either_table(mixed) -> None:
    for ref in Organisation.objects.filter(
        pk__in=FigureRow.objects.values("reporting_org_id")
    ).values_list("ref", flat=True):
        filters = parse_filters({"reporting_org": ref})
        for name in FIGURES:
            summary = compute_table(filters, name, Computation(filters, summary=True))
            assert summary == compute_table(filters, name, Computation(filters, summary=False))


BREAKDOWNS = ["top-recipients", "top-sectors", "priority-areas", "purpose-codes"]


def test_spreading_in_the_database_equals_spreading_in_python(mixed, monkeypatch) -> None:
    """The breakdowns spread their sums over the allocation sets in SQL (``aggregate.spread``);
    Python's ``to_rows`` over every set gives the very same tables, under every filter."""
    in_database = aggregate._spread_in_database
    used = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = in_database(*args, **kwargs)
        used.append(found is not None)
        return found

    cases = []
    for params in FILTERS:
        if params.get("region"):
            region = FigureShare.objects.filter(code__startswith="region:").values_list("code")
            params = {**params, "region": region.first()[0].split(":")[1]}
        cases.append(parse_filters(params))
    for summary in (True, False):
        monkeypatch.setattr(aggregate, "_spread_in_database", counted)
        sql = [
            [
                compute_table(f, name, Computation(f, summary, prespread=False))
                for name in BREAKDOWNS
            ]
            for f in cases
        ]
        monkeypatch.setattr(aggregate, "_spread_in_database", lambda *args, **kwargs: None)
        python = [
            [
                compute_table(f, name, Computation(f, summary, prespread=False))
                for name in BREAKDOWNS
            ]
            for f in cases
        ]
        assert sql == python
    assert sum(used) > len(cases)  # the database spread most of them
    assert any(len(table.rows) > 1 for tables in sql for table in tables)


def _spread_setup(amounts: list[tuple[int, int]]) -> list:
    """Summary rows of the given (cents, place set) in one year, over two sets split in
    thirds and sevenths; the place breakdown's rows, spread in the database and in Python."""
    FigureShare.objects.bulk_create(
        FigureShare(kind=PLACE, set_id=set_id, code=code, numerator=num, denominator=den)
        for set_id, code, num, den in [
            (1, "AF", 1, 3),
            (1, "KE", 2, 3),
            (2, "AF", 1, 7),
            (2, "TZ", 6, 7),
        ]
    )
    common = dict(
        reporting_org_id=1, flow="c", year=2020, marker=2, scheme="", aid_type="C01",
        allocable=True, flow_type="10", provider_group="dac", source="crs", superseded=False,
        has_constant=False, constant_base_year=None, sector_set=0, pillar_set=0,
    )  # fmt: skip
    FigureSummary.objects.bulk_create(
        FigureSummary(**common, place_set=place, amount=cents, converted=1, row_count=2)
        for cents, place in amounts
    )
    filters = parse_filters({}, build=None)
    weights = aggregate.Weights(filters)
    rows = aggregate.fact_rows(filters, model=FigureSummary)
    found = aggregate.spread(filters, weights, rows, PLACE, "place_set", by_year=False)
    python = aggregate.to_rows(
        aggregate.grouped(filters, weights, ["place_set"], rows, by_year=False),
        weights,
        aggregate.spread_key(PLACE, "place_set", None),
        "place_set",
    )
    return [found, python]


def _by_code(rows: list) -> dict:
    return {row.key: (row.amount, row.count, row.unconverted) for row in rows}


def test_shares_of_odd_cents_add_up_exactly() -> None:
    """Thirds and sevenths of odd cents: exact fractions of a currency unit, never floats,
    the set's unconverted rows counted once (with its first code)."""
    found, python = _spread_setup([(100, 1), (101, 1), (1_000_003, 2), (7, 0)])
    expected = {
        "AF": (Fraction(201, 300) + Fraction(1_000_003, 700), 3, 3),
        "KE": (Fraction(402, 300), 2, 0),
        "TZ": (Fraction(6_000_018, 700), 1, 0),
        "": (Fraction(7, 100), 1, 1),
    }
    assert _by_code(found) == expected == _by_code(python)
    assert all(type(row.amount) is Fraction for row in found)


def test_a_sum_too_large_for_an_integer_product_stays_exact() -> None:
    """Cents times a share's numerator beyond 64 bits: PostgreSQL sums them as numerics,
    SQLite (whose product would become a float) leaves the spreading to Python."""
    cents = 2**62 + 1
    found, python = _spread_setup([(cents, 2)])
    expected = {"AF": (Fraction(cents, 700), 1, 1), "TZ": (Fraction(cents * 6, 700), 1, 0)}
    assert _by_code(found) == expected == _by_code(python)
