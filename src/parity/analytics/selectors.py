"""Selectors: the dashboard's figures from the fact table, for any filter.

API (what the JSON API exposes; the filters are parsed by ``parity.analytics.filters``):

``figures(filters, names=None) -> dict``
    Every figure (or those named) as JSON-ready data (``shaping``): ``{"basis": {...},
    "filters": {...}, "build": {...}, "figures": {name: {"name", "title", "definition",
    "basis", "columns", "rows", "unconverted", "notes"}}}``.

``figure_table(filters, name) -> Table``: one figure's ``tables.Table`` (for CSV/XLSX).
``figure_tables(filters, names=None)`` gives several at once. Both (and ``figures``) read
through the exact per-build cache of ``parity.analytics.cache``; ``compute_table`` bypasses it.

``filtered_activities(filters) -> QuerySet[Activity]``: the activities with at least one
transaction counted under the filters (for the IATI XML export).

Every figure is computed with GROUP BY in the database (integer sums of cents, ``aggregate``),
over the summary table the build made (the fact rows grouped by every column a filter reads),
the breakdowns by country and sector over that summary already spread over the sets' parts
(``prespread``) where no set is filtered; Python only applies the shares' denominators and the
deflators with exact fractions.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_noop

from parity.activities.models import Activity, Indicator, IndicatorValue
from parity.analytics import cache
from parity.analytics import definitions as d
from parity.analytics.aggregate import (
    Parts,
    Weights,
    codes,
    fact_rows,
    grouped,
    matching,
    pillar_id,
    place_q,
    sector_q,
    spread,
    to_rows,
)
from parity.analytics.basis import Basis
from parity.analytics.counting import ALL, CENT, FOCUSED, share
from parity.analytics.filters import Filters
from parity.analytics.lookups import (
    PRIORITY_AREAS,
    build_currency,
    latest_build,
    pillar_ids,
    priority_areas,
)
from parity.analytics.models import (
    PILLAR,
    PLACE,
    SECTOR,
    FigureBuild,
    FigureRow,
    FigureSpread,
    FigureSummary,
    FigureWideSummary,
)
from parity.analytics.prespread import FIRST_DEDICATED, FIRST_PART, Prespread
from parity.analytics.shaping import build_json, table_json
from parity.analytics.tables import Column, ResultValue, Row, Table
from parity.commitments.models import Pledge
from parity.commitments.tracking.pledge import pledge_report
from parity.iati import codelists
from parity.markers.purposes import GENDER_PURPOSE_CODES
from parity.progress.status import Status

# The facts key a region apart from countries; readers see its code as the codelist gives it.
REGION_KEY = "region:"


def _place_names() -> dict[str, str]:
    names = dict(codelists.codes("Country"))
    names.update({f"{REGION_KEY}{c}": n for c, n in codelists.codes("Region").items()})
    return names


def figure_tables(filters: Filters, names: list[str] | None = None) -> dict[str, Table]:
    """The figures' tables under the filters, read through the cache (``analytics.cache``):
    one query for the cached ones; the others are computed, then stored."""
    wanted = list(names or d.FIGURES)
    unknown = [name for name in wanted if name not in d.FIGURES]
    if unknown:
        raise KeyError(unknown[0])
    cacheable = [name for name in wanted if name not in cache.LIVE]
    build = latest_build()
    build_key = cache.build_key(filters, build)
    filters_key = cache.filters_key(filters)
    found = cache.read(build_key, filters_key, cacheable) if cacheable else {}
    shared = Computation(filters, build=build)
    computed = {
        name: compute_table(filters, name, shared) for name in cacheable if name not in found
    }
    if computed:
        cache.write(build_key, filters_key, computed)
    tables = {**found, **computed}
    return {
        name: tables[name] if name in tables else compute_table(filters, name) for name in wanted
    }


def figure_table(filters: Filters, name: str) -> Table:
    """One figure's table under the filters, through the cache (``KeyError``: unknown name)."""
    return figure_tables(filters, [name])[name]


class Computation:
    """What several figures under the same filters share, computed once for all of them: the
    filters' weights, the yearly rows behind the three headline figures, and which table the
    sums are read from (``summary``: the summary table when the build has one; False forces
    the fact table; the breakdowns read the summary spread over the sets when the build has it,
    ``prespread=False`` forces the spreading at query time; the other figures read the summary
    without the place and sector sets where the filters choose none, ``wide=False`` forces the
    summary)."""

    def __init__(
        self,
        filters: Filters,
        summary: bool | None = None,
        build: FigureBuild | None = None,
        prespread: bool = True,
        wide: bool = True,
    ) -> None:
        self.filters = filters
        self._summary = summary
        self._build = build
        self._prespread = prespread
        self._wide = wide

    @cached_property
    def build(self) -> FigureBuild | None:
        return self._build or latest_build()

    @cached_property
    def summary(self) -> bool:
        """Read only when a figure is computed (a page whose figures are cached reads none)."""
        if self._summary is not None:
            return self._summary
        return self.build is not None and self.build.summary_rows is not None

    def rows(self, *, superseded: bool = False, sets: bool = False) -> QuerySet[Any]:
        """The filters' rows, from the table the sums are read from; ``sets``: the rows keep
        their place and sector sets (a figure breaks down by them)."""
        model = FigureSummary if self.summary else FigureRow
        if model is FigureSummary and not sets and self.wide:
            model = FigureWideSummary
        return fact_rows(self.filters, superseded=superseded, model=model)

    @cached_property
    def wide(self) -> bool:
        """Whether the figures that break down by no place or sector read the wide summary:
        the build has one and the filters choose no country, region or sector (the columns it
        does not keep)."""
        if self._wide is False or place_q(self.filters) is not None:
            return False
        if sector_q(self.filters) is not None:
            return False
        return self.build is not None and self.build.wide_rows is not None

    @cached_property
    def spreads(self) -> bool:
        """Whether the breakdowns read spread rows: the build has them, the sums come from the
        summary, and the filters select no set, organisation, scheme or aid type (columns the
        spread rows do not keep)."""
        if not self._prespread or not self.summary:
            return False
        narrow = (self.filters.reporting_org, self.filters.scheme, self.filters.aid_type)
        sets = (place_q(self.filters), sector_q(self.filters), pillar_id(self.filters))
        if any(narrow) or any(chosen is not None for chosen in sets):
            return False
        return self.build is not None and self.build.spread_rows is not None

    def prespread(self, kind: str, first: str = FIRST_PART, **where: Any) -> Prespread | None:
        """The spread rows of a kind that the filters (and ``where``) select, or None where the
        breakdown spreads at query time (``spreads``)."""
        if not self.spreads:
            return None
        rows = fact_rows(self.filters, model=FigureSpread).filter(kind=kind, **where)
        return Prespread(rows, first)

    @cached_property
    def weights(self) -> Weights:
        return Weights(self.filters)

    @cached_property
    def yearly_rows(self) -> list[Row]:
        return to_rows(grouped(self.filters, self.weights, [], self.rows()), self.weights)


def compute_table(filters: Filters, name: str, shared: Computation | None = None) -> Table:
    """One figure's table computed from the fact table, bypassing the cache; ``shared`` lets
    the figures of one page reuse what they have in common."""
    figure = d.FIGURES[name]
    if name == "results-by-sex":
        return d.results_by_sex(result_values(filters))
    if name == "pledge-progress":
        return pledge_progress()
    shared = shared or Computation(filters)
    weights = shared.weights
    years = filters.years
    if name in ("focused-share", "by-marker", "screened"):
        return figure.compute(shared.yearly_rows, years)  # type: ignore[misc]
    focused = shared.rows(sets=True).filter(marker__in=FOCUSED)
    if name == "top-recipients":
        keep = codes(PLACE, place_q(filters))
        ready = shared.prespread(PLACE, marker__in=FOCUSED)
        found = spread(
            filters, weights, focused, PLACE, "place_set", keep, by_year=False, prespread=ready
        )
        table = d.top_by_key(found, _place_names(), gettext_noop("Recipient"))
        for row in table.rows:  # "998", the region's code, rather than the key "region:998"
            row["code"] = row["code"].removeprefix(REGION_KEY)
        return table
    if name == "top-sectors":
        keep = codes(SECTOR, sector_q(filters))
        ready = shared.prespread(SECTOR, marker__in=FOCUSED)
        found = spread(
            filters, weights, focused, SECTOR, "sector_set", keep, by_year=False, prespread=ready
        )
        return d.top_by_key(found, codelists.codes("Sector"), gettext_noop("Sector"))
    if name == "priority-areas":
        areas = {str(pillar_ids()[f"{PRIORITY_AREAS}:{s}"]): n for s, n in priority_areas().items()}
        rows = shared.rows().filter(marker__in=FOCUSED)
        found = spread(
            filters, weights, rows, PILLAR, "pillar_set", set(areas), unkept=True, by_year=False
        )
        table = d.top_by_key(
            found, areas, gettext_noop("Priority area"), None, gettext_noop("No priority area")
        )
        slugs = {str(v): k.split(":")[1] for k, v in pillar_ids().items()}
        for row in table.rows:  # pillar ids mean nothing to readers: show slugs
            row["code"] = slugs.get(row["code"], row["code"])
        return table
    if name == "purpose-codes":
        dedicated = Q(code__in=list(GENDER_PURPOSE_CODES))
        chosen = sector_q(filters)
        keep = codes(SECTOR, dedicated if chosen is None else chosen)
        rows = shared.rows(sets=True).filter(sector_set__in=matching(SECTOR, dedicated))
        # Spread rows mark each set's first dedicated code, the first that ``keep`` holds when
        # no sector is chosen (with one chosen, there are none).
        ready = shared.prespread(SECTOR, FIRST_DEDICATED)
        found = spread(filters, weights, rows, SECTOR, "sector_set", keep, prespread=ready)
        return d.purpose_codes(found, years)
    if name == "sources":
        rows = shared.rows(superseded=True)
        groups = grouped(filters, weights, ["source", "superseded"], rows)
        return d.sources(to_rows(groups, weights, _source_key), years)
    raise KeyError(name)


def _source_key(group: Mapping[str, Any]) -> Parts:
    return [(f"{group['source']}:{d.LEFT_OUT if group['superseded'] else d.COUNTED}", 1, 1)]


def basis_of(filters: Filters, sources: Table | None = None) -> Basis:
    """The filters' basis, with the sentence saying which source covered what (from the
    ``sources`` figure's table when the caller has it, else read)."""
    if sources is None:
        sources = figure_table(filters, "sources")
    return Basis(
        flow=filters.basis,  # type: ignore[arg-type]
        prices=filters.prices,  # type: ignore[arg-type]
        currency=filters.currency or build_currency(),
        base_year=filters.base_year,
        deflator=filters.deflator,
        flow_type=filters.flow_type,
        provider_group=filters.provider_group,
        sources=d.sources_text(sources, gettext),
    )


def filtered_activities(filters: Filters) -> QuerySet[Activity]:
    ids = fact_rows(filters).order_by().values("activity_id")
    return Activity.objects.filter(pk__in=ids).order_by("iati_identifier")


def _activity_filter(filters: Filters) -> QuerySet[Activity]:
    """Activities under the activity-level filters (no money filter applies to results)."""
    activities = Activity.objects.all()
    if filters.reporting_org:
        activities = activities.filter(reporting_org__ref=filters.reporting_org)
    sets = FigureRow.objects.order_by()
    if (place := place_q(filters)) is not None:
        activities = activities.filter(
            pk__in=sets.filter(place_set__in=matching(PLACE, place)).values("activity_id")
        )
    if (sector := sector_q(filters)) is not None:
        activities = activities.filter(
            pk__in=sets.filter(sector_set__in=matching(SECTOR, sector)).values("activity_id")
        )
    if (pillar := pillar_id(filters)) is not None:
        activities = activities.filter(pillar_tags__pillar_id=pillar)
    if filters.scheme:
        activities = activities.filter(
            pk__in=sets.filter(scheme=filters.scheme).values("activity_id")
        )
    if filters.flow_type != ALL or filters.provider_group != ALL:  # activities counted at all
        counted = sets.filter(superseded=False)
        if filters.flow_type != ALL:
            counted = counted.filter(flow_type=filters.flow_type)
        if filters.provider_group != ALL:
            counted = counted.filter(provider_group=filters.provider_group)
        activities = activities.filter(pk__in=counted.values("activity_id"))
    return activities


def result_values(filters: Filters) -> list[ResultValue]:
    values = IndicatorValue.objects.filter(
        kind=IndicatorValue.ACTUAL,
        sex__in=["female", "male"],
        value__isnull=False,
        period__indicator__measure="1",
        period__indicator__result__activity__in=_activity_filter(filters),
    )
    if filters.year_from:
        values = values.filter(period__end__year__gte=filters.year_from)
    if filters.year_to:
        values = values.filter(period__end__year__lte=filters.year_to)
    titles = {}
    found = []
    for indicator_id, activity_id, sex, value in values.values_list(
        "period__indicator_id", "period__indicator__result__activity_id", "sex", "value"
    ):
        titles.setdefault(indicator_id, None)
        found.append((indicator_id, activity_id, sex, value))
    for pk, names in Indicator.objects.filter(pk__in=titles).values_list("id", "titles"):
        titles[pk] = _english(names)
    return [ResultValue(titles[i] or "", sex, value, a) for i, a, sex, value in found]


def _english(narratives: list[dict] | None) -> str:
    if not narratives:
        return ""
    by_lang = {item.get("lang", ""): item.get("text", "") for item in narratives}
    return by_lang.get("en") or by_lang.get("") or narratives[0].get("text", "")


def pledge_progress() -> Table:
    table = Table(
        [
            Column("pledge", gettext_noop("Pledge"), "text"),
            Column("basis", gettext_noop("Basis"), "text"),
            Column("currency", gettext_noop("Currency"), "text"),
            Column("target", gettext_noop("Target"), "amount"),
            Column("progress", gettext_noop("Progress"), "amount"),
            Column("share", gettext_noop("Share of target"), "share"),
            Column("status", gettext_noop("Status"), "text"),
            Column("unconverted", gettext_noop("Not converted"), "count"),
        ]
    )
    pledges = Pledge.objects.filter(money_amount__isnull=False).order_by("announced_on", "title")
    for pledge in pledges:
        report = pledge_report(pledge)
        money = report.money
        if money is None:
            table.notes.append(
                f"{pledge.title}: {report.money_problem or gettext('no money figure')}"
            )
            continue
        total = money.progress.total
        # Nothing loaded counts for it: no progress to state, not a progress of 0.
        verifiable = money.status != Status.CANNOT_VERIFY
        table.rows.append(
            {
                "pledge": pledge.title,
                "basis": money.target.basis,
                "currency": money.target.currency,
                "target": money.target.amount.quantize(CENT),
                "progress": total.quantize(CENT) if verifiable else None,
                "share": share(Fraction(total), Fraction(money.target.amount))
                if verifiable
                else None,
                "status": str(money.status),
                "unconverted": len(money.progress.unconverted),
            }
        )
        table.unconverted += len(money.progress.unconverted)
    return table


def figures(filters: Filters, names: list[str] | None = None) -> dict[str, Any]:
    """Every figure under the filters, JSON-ready (see the module's docstring)."""
    wanted = names or list(d.FIGURES)
    tables = figure_tables(filters, list(dict.fromkeys([*wanted, "sources"])))
    basis = basis_of(filters, tables["sources"])
    return {
        "basis": basis.as_json(),
        "filters": filters.as_query(),
        "build": build_json(latest_build()),
        "figures": {name: table_json(name, tables[name], basis) for name in wanted},
    }
