"""The summary without the place and sector sets (``FigureWideSummary``) gives the very figures
the summary gives, holds every row and every cent of it, and is read only where the filters
choose no country, region or sector."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from parity.analytics.filters import parse_filters
from parity.analytics.lookups import latest_build
from parity.analytics.models import FigureShare, FigureSummary, FigureWideSummary
from parity.analytics.selectors import Computation, compute_table
from tests.analytics.test_summary import FIGURES, FILTERS, mixed  # noqa: F401

pytestmark = pytest.mark.django_db

SUMS = {name: Sum(name) for name in ("amount", "converted", "row_count", "constant")}


def test_it_holds_the_summary_in_fewer_rows(mixed) -> None:  # noqa: F811
    build = latest_build()
    assert build is not None and build.wide_rows == FigureWideSummary.objects.count()
    assert 0 < build.wide_rows < FigureSummary.objects.count()
    assert FigureWideSummary.objects.aggregate(**SUMS) == FigureSummary.objects.aggregate(**SUMS)
    # Per provider and year too, constant-price rows apart.
    keys = ("reporting_org_id", "year", "has_constant")
    wide = FigureWideSummary.objects.values(*keys).annotate(**SUMS).order_by(*keys)
    assert list(wide) == list(FigureSummary.objects.values(*keys).annotate(**SUMS).order_by(*keys))


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
def test_it_gives_the_same_figures(mixed, params) -> None:  # noqa: F811
    if params.get("region"):
        region = FigureShare.objects.filter(code__startswith="region:").values_list("code")
        params = {**params, "region": region.first()[0].split(":")[1]}
    filters = parse_filters(params)
    served, summary = Computation(filters), Computation(filters, wide=False)
    for name in FIGURES:
        assert compute_table(filters, name, served) == compute_table(filters, name, summary), name
    chosen = {"country", "region", "sector"} & set(params)
    assert served.wide is not bool(chosen)
    read = served.rows().model
    assert read is (FigureSummary if chosen else FigureWideSummary)
    # A breakdown by country or sector always reads rows that keep their sets.
    assert served.rows(sets=True).model is FigureSummary


def test_a_build_without_it_reads_the_summary(mixed) -> None:  # noqa: F811
    build = latest_build()
    build.wide_rows = None
    build.save()
    filters = parse_filters({"provider_group": "all"})
    served = Computation(filters)
    assert not served.wide and served.rows().model is FigureSummary
    assert compute_table(filters, "focused-share", served).rows
