"""The summary table (the fact rows grouped at build time) gives the very figures the fact
table gives, under every kind of filter, on the demo's real CRS extract, CRS rows at both
prices and the IATI sample portfolio together."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from parity.activities.crs_demo import load_demo_crs
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Organisation
from parity.analytics import cache
from parity.analytics import definitions as d
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.analytics.lookups import latest_build
from parity.analytics.models import FigureRow, FigureShare, FigureSummary
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
