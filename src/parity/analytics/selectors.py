"""Selectors: the dashboard's figures from the fact table, for any filter.

API (what the JSON API exposes):

``parse_filters(params) -> Filters``
    Reads a query string (a ``QueryDict`` or a plain mapping of names to strings). Raises
    ``FilterError`` (``.field`` names the parameter, ``str()`` says what is wrong) for an
    unknown parameter, a repeated one, a malformed value, or a value that does not exist
    (an organisation, pillar, country, region, sector, aid or flow type, scheme, deflator).
    Parameters: ``reporting_org`` (IATI organisation identifier), ``country`` (ISO 3166-1
    alpha-2), ``region`` (IATI region code), ``sector`` (DAC 5-digit purpose code or 3-digit
    category), ``area`` (slug of one of JICA's five priority areas), ``pillar``
    (``framework-slug:pillar-slug``), ``scheme`` (marker scheme id), ``year_from``,
    ``year_to``, ``flow_type`` (IATI FlowType, e.g. 10 = ODA), ``aid_type`` (IATI AidType),
    ``basis`` (``commitments`` | ``disbursements``), ``prices`` (``current`` | ``constant``),
    ``base_year`` and ``deflator`` (constant prices), ``currency`` (must be the currency the
    figures were built in).

``figures(filters, names=None) -> dict``
    Every figure (or those named) as JSON-ready data: ``{"basis": {...}, "filters": {...},
    "build": {...}, "figures": {name: {"name", "title", "definition", "basis", "columns",
    "rows", "unconverted", "notes"}}}``. Amounts are strings with two decimals in the basis'
    currency (exact, never floats); shares are strings with four decimals (0.4512 = 45.12%)
    or null when there is nothing to divide by.

``figure_table(filters, name) -> Table``: one figure's ``definitions.Table`` (for CSV/XLSX).
``figure_tables(filters, names=None)`` gives several at once. Both (and ``figures``) read
through the exact per-build cache of ``parity.analytics.cache``; ``compute_table`` bypasses it.

``filtered_activities(filters) -> QuerySet[Activity]``: the activities with at least one
transaction counted under the filters (for the IATI XML export).

Every figure is computed with GROUP BY in the database (integer sums of cents); Python only
spreads the grouped sums over countries, sectors and deflators with exact fractions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property
from math import gcd
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from parity.activities.models import Activity, Indicator, IndicatorValue, Organisation
from parity.analytics import definitions as d
from parity.analytics.models import (
    COMMITMENT,
    DISBURSEMENT,
    PILLAR,
    PLACE,
    SECTOR,
    FigureBuild,
    FigureRow,
    FigureShare,
)
from parity.iati import codelists

PRIORITY_AREAS = "jica-priority-areas"
PARAMETERS = (
    "reporting_org",
    "country",
    "region",
    "sector",
    "area",
    "pillar",
    "scheme",
    "year_from",
    "year_to",
    "flow_type",
    "aid_type",
    "basis",
    "prices",
    "base_year",
    "deflator",
    "currency",
)
_FLOW = {"commitments": COMMITMENT, "disbursements": DISBURSEMENT}
_YEAR = re.compile(r"^\d{4}$")


class FilterError(ValueError):
    """A filter that cannot be applied; ``field`` names the query parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Filters:
    reporting_org: str = ""
    country: str = ""
    region: str = ""
    sector: str = ""
    area: str = ""
    pillar: str = ""
    scheme: str = ""
    year_from: int | None = None
    year_to: int | None = None
    flow_type: str = ""
    aid_type: str = ""
    basis: str = "commitments"
    prices: str = "current"
    base_year: int | None = None
    deflator: str = ""
    currency: str = ""

    def as_query(self) -> dict[str, str]:
        """The non-default filters as query parameters (links keep the user's view)."""
        default = Filters()
        return {
            key: str(value)
            for key, value in asdict(self).items()
            if value != getattr(default, key) and value is not None
        }

    @property
    def years(self) -> tuple[int, int] | None:
        if self.year_from is None or self.year_to is None:
            return None
        return (self.year_from, self.year_to)


# --- parsing ---------------------------------------------------------------------------------


def _one(params: Mapping[str, Any], name: str) -> str:
    if hasattr(params, "getlist"):
        values = params.getlist(name)  # type: ignore[union-attr]
        if len(values) > 1:
            raise FilterError(name, "give one value only.")
        value = values[0] if values else ""
    else:
        value = params.get(name, "")
    if not isinstance(value, str):
        raise FilterError(name, "must be text.")
    if len(value) > 200:
        raise FilterError(name, "is too long.")
    return value.strip()


def _year(name: str, value: str) -> int | None:
    if not value:
        return None
    if not _YEAR.match(value) or not 1900 <= int(value) <= 2100:
        raise FilterError(name, f"{value!r} is not a year between 1900 and 2100.")
    return int(value)


def _code(name: str, value: str, lists: tuple[str, ...], what: str) -> str:
    if value and not any(codelists.is_valid(lst, value) for lst in lists):
        raise FilterError(name, f"{value!r} is not {what}.")
    return value


def parse_filters(params: Mapping[str, Any]) -> Filters:
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise FilterError(unknown[0], f"is not a filter (filters are: {', '.join(PARAMETERS)}).")
    raw = {name: _one(params, name) for name in PARAMETERS}
    org = raw["reporting_org"]
    if org and not Organisation.objects.filter(ref=org).exists():
        raise FilterError("reporting_org", f"no organisation {org!r} reports activities here.")
    country = _code("country", raw["country"].upper(), ("Country",), "an ISO 3166 country code")
    region = _code("region", raw["region"], ("Region",), "an IATI region code")
    if country and region:
        raise FilterError("region", "choose a country or a region, not both.")
    sector = _code(
        "sector", raw["sector"], ("Sector", "SectorCategory"), "a DAC 5-digit or 3-digit sector"
    )
    flow_type = _code("flow_type", raw["flow_type"], ("FlowType",), "an IATI flow type code")
    aid_type = _code("aid_type", raw["aid_type"].upper(), ("AidType",), "an IATI aid type code")
    area, pillar = raw["area"], raw["pillar"]
    if area and area not in priority_areas():
        known = ", ".join(priority_areas())
        raise FilterError("area", f"{area!r} is not a priority area (they are: {known}).")
    if pillar and pillar not in pillar_ids():
        raise FilterError("pillar", f"{pillar!r} is not a pillar (give framework:pillar).")
    scheme = raw["scheme"]
    if scheme and scheme not in schemes():
        raise FilterError("scheme", f"{scheme!r} is not a marker scheme ({', '.join(schemes())}).")
    year_from, year_to = _year("year_from", raw["year_from"]), _year("year_to", raw["year_to"])
    if year_from and year_to and year_to < year_from:
        raise FilterError("year_to", f"{year_to} is before year_from {year_from}.")
    basis = raw["basis"] or "commitments"
    if basis not in d.FLOW_TYPES:
        raise FilterError("basis", "must be commitments or disbursements.")
    prices = raw["prices"] or "current"
    if prices not in ("current", "constant"):
        raise FilterError("prices", "must be current or constant.")
    base_year = _year("base_year", raw["base_year"])
    currency = raw["currency"].upper()
    built = build_currency()
    if currency and currency != built:
        raise FilterError(
            "currency",
            f"the figures are built in {built}; rebuild them with "
            f"'parity refresh-figures --currency {currency}' to see {currency}.",
        )
    deflator = raw["deflator"]
    if prices == "constant":
        deflator = deflator or built
        series = deflator_series()
        if deflator not in series:
            raise FilterError("deflator", f"no deflators are stored for {deflator!r}.")
        years, series_currency = series[deflator]
        if series_currency != built:
            raise FilterError(
                "deflator", f"{deflator} deflates {series_currency} amounts, not {built}."
            )
        base_year = base_year or max(years)
        if base_year not in years:
            raise FilterError("base_year", f"{deflator} has no deflator for {base_year}.")
    elif deflator or base_year:
        raise FilterError("prices", "base_year and deflator apply to constant prices only.")
    return Filters(
        reporting_org=org,
        country=country,
        region=region,
        sector=sector,
        area=area,
        pillar=pillar,
        scheme=scheme,
        year_from=year_from,
        year_to=year_to,
        flow_type=flow_type,
        aid_type=aid_type,
        basis=basis,
        prices=prices,
        base_year=base_year,
        deflator=deflator,
        currency=built,
    )


def priority_areas() -> dict[str, str]:
    from parity.commitments.models import Pillar

    return dict(
        Pillar.objects.filter(framework__slug=PRIORITY_AREAS)
        .order_by("number")
        .values_list("slug", "name")
    )


def pillar_ids() -> dict[str, int]:
    from parity.commitments.models import Pillar

    return {
        f"{fw}:{slug}": pk
        for fw, slug, pk in Pillar.objects.values_list("framework__slug", "slug", "pk")
    }


@cache
def schemes() -> tuple[str, ...]:
    from parity.markers.loader import available_schemes

    return tuple(available_schemes())


def deflator_series() -> dict[str, tuple[set[int], str]]:
    from parity.commitments.models import Deflator

    found: dict[str, tuple[set[int], str]] = {}
    for key, year, currency in Deflator.objects.values_list("key", "year", "currency"):
        found.setdefault(key, (set(), currency))[0].add(year)
    return found


def latest_build() -> FigureBuild | None:
    return FigureBuild.objects.order_by("-built_at", "-id").first()


def build_currency() -> str:
    build = latest_build()
    return build.currency if build else "USD"


def basis_of(filters: Filters) -> d.Basis:
    return d.Basis(
        flow=filters.basis,  # type: ignore[arg-type]
        prices=filters.prices,  # type: ignore[arg-type]
        currency=filters.currency or build_currency(),
        base_year=filters.base_year,
        deflator=filters.deflator,
    )


# --- querying --------------------------------------------------------------------------------


def _matching(kind: str, code_q: Q) -> QuerySet:
    return FigureShare.objects.filter(code_q, kind=kind).values("set_id")


def _place_q(filters: Filters) -> Q | None:
    if filters.country:
        return Q(code=filters.country)
    if filters.region:
        return Q(code=f"region:{filters.region}")
    return None


def _sector_q(filters: Filters) -> Q | None:
    if not filters.sector:
        return None
    if len(filters.sector) == 3:
        return Q(code__startswith=filters.sector)
    return Q(code=filters.sector)


def _pillar_id(filters: Filters) -> int | None:
    if filters.area:
        return pillar_ids().get(f"{PRIORITY_AREAS}:{filters.area}")
    if filters.pillar:
        return pillar_ids().get(filters.pillar)
    return None


def fact_rows(filters: Filters) -> QuerySet[FigureRow]:
    """The fact rows the filters select (whole rows: a country's share is applied later)."""
    rows = FigureRow.objects.filter(flow=_FLOW[filters.basis])
    if filters.year_from:
        rows = rows.filter(year__gte=filters.year_from)
    if filters.year_to:
        rows = rows.filter(year__lte=filters.year_to)
    if filters.reporting_org:
        org = Organisation.objects.filter(ref=filters.reporting_org).values("pk")
        rows = rows.filter(reporting_org_id__in=org)
    if filters.scheme:
        rows = rows.filter(scheme=filters.scheme)
    if filters.flow_type:
        rows = rows.filter(flow_type=filters.flow_type)
    if filters.aid_type:
        rows = rows.filter(aid_type=filters.aid_type)
    if (place := _place_q(filters)) is not None:
        rows = rows.filter(place_set__in=_matching(PLACE, place))
    if (sector := _sector_q(filters)) is not None:
        rows = rows.filter(sector_set__in=_matching(SECTOR, sector))
    if (pillar := _pillar_id(filters)) is not None:
        rows = rows.filter(pillar_set__in=_matching(PILLAR, Q(code=str(pillar))))
    return rows


# An allocation set's parts: (code, numerator, denominator) of the share, whole numbers so that
# weighting a group's cents is integer arithmetic (Fraction arithmetic normalises at every
# step, and a breakdown weights tens of thousands of groups).
Parts = list[tuple[str, int, int]]
WHOLE: Parts = [("", 1, 1)]
_SHARES_CACHE: dict[tuple, dict[int, Parts]] = {}


def _all_shares(kind: str) -> dict[int, Parts]:
    """Every allocation set of a kind: set id -> [(code, numerator, denominator)]. Read once per
    build (sets change only when the fact table is rebuilt), so a page view does not reread
    them."""
    build = latest_build()
    stamp = (kind, build.pk if build else None, build.built_at if build else None)
    if stamp not in _SHARES_CACHE:
        found: dict[int, Parts] = {}
        parts = FigureShare.objects.filter(kind=kind).values_list(
            "set_id", "code", "numerator", "denominator"
        )
        for set_id, code, num, den in parts.iterator(chunk_size=10_000):
            found.setdefault(set_id, []).append((code, num, den))
        for old in [key for key in _SHARES_CACHE if key[0] == kind]:
            del _SHARES_CACHE[old]
        _SHARES_CACHE[stamp] = found
    return _SHARES_CACHE[stamp]


def _shares(kind: str, code_q: Q | None = None) -> dict[int, Parts]:
    """Allocation sets of a kind: set id -> parts, only codes matching ``code_q``."""
    if code_q is None:
        return _all_shares(kind)
    wanted = set(
        FigureShare.objects.filter(code_q, kind=kind).values_list("code", flat=True).distinct()
    )
    found: dict[int, Parts] = {}
    for set_id, parts in _all_shares(kind).items():
        kept = [part for part in parts if part[0] in wanted]
        if kept:
            found[set_id] = kept
    return found


class _Weights:
    """The share of each grouped row that the filters select, and its deflator factor."""

    def __init__(self, filters: Filters) -> None:
        self.place = self._weights(PLACE, _place_q(filters))
        self.sector = self._weights(SECTOR, _sector_q(filters))
        self.deflate = _deflators(filters) if filters.prices == "constant" else None

    @staticmethod
    def _weights(kind: str, code_q: Q | None) -> dict[int, tuple[int, int]] | None:
        if code_q is None:
            return None
        weights = {}
        for set_id, parts in _shares(kind, code_q).items():
            total = sum((Fraction(num, den) for _, num, den in parts), Fraction(0))
            weights[set_id] = (total.numerator, total.denominator)
        return weights

    @property
    def group_fields(self) -> list[str]:
        return [
            name
            for name, weights in (("place_set", self.place), ("sector_set", self.sector))
            if weights is not None
        ]

    def factor(self, group: Mapping[str, Any], spread: str = "") -> tuple[int, int] | None:
        """The group's weight as (numerator, denominator); ``spread`` names the set a
        breakdown spreads over itself (its filter is then applied code by code, not as a
        weight too). None: no deflator for the group's year."""
        num = den = 1
        if self.place is not None and spread != "place_set":
            n, d_ = self.place.get(group["place_set"], (0, 1))
            num, den = num * n, den * d_
        if self.sector is not None and spread != "sector_set":
            n, d_ = self.sector.get(group["sector_set"], (0, 1))
            num, den = num * n, den * d_
        if self.deflate is not None:
            factor = self.deflate.get(group["year"])
            if factor is None:
                return None
            num, den = num * factor.numerator, den * factor.denominator
        return num, den


def _deflators(filters: Filters) -> dict[int, Fraction]:
    """year -> factor taking that year's current prices to the base year's."""
    from parity.commitments.models import Deflator

    index = {
        year: Fraction(value)
        for year, value in Deflator.objects.filter(key=filters.deflator).values_list(
            "year", "index"
        )
    }
    base = index[filters.base_year]  # type: ignore[index]
    return {year: base / value for year, value in index.items()}


def _grouped(
    filters: Filters,
    weights: _Weights,
    by: list[str],
    rows: QuerySet[FigureRow] | None = None,
    *,
    by_year: bool = True,
) -> list[dict[str, Any]]:
    """Integer sums of cents, grouped; ``n`` counts every row, ``count`` the converted ones.

    Breakdowns that add up every year (``by_year=False``) leave the year out of the GROUP BY,
    unless constant prices need it for the deflator."""
    year = ["year"] if by_year or weights.deflate is not None else []
    allocable = ["allocable"] if by_year else []
    fields = list(dict.fromkeys([*year, "marker", *allocable, *by, *weights.group_fields]))
    queryset = rows if rows is not None else fact_rows(filters)
    return list(
        queryset.order_by()
        .values(*fields)
        .annotate(cents=Sum("amount"), count=Count("amount"), n=Count("id"))
    )


def _rows(
    groups: list[dict[str, Any]], weights: _Weights, key: Any = None, spread: str = ""
) -> list[d.Row]:
    """Grouped sums as ``definitions.Row`` in currency units, weighted and deflated.

    ``key`` spreads a group over breakdown codes; the group's unconverted transactions are
    counted once (with its first code), not once per country they would have gone to.
    Weighted cents are added up as integers, one sum per weight denominator (exact and fast),
    and become one ``Fraction`` per row of the figure.
    """
    sums: dict[tuple, int] = {}
    counts: dict[tuple, list[int]] = {}
    for group in groups:
        factor = weights.factor(group, spread)
        parts = key(group) if key else WHOLE
        cents = group["cents"] or 0
        unconverted = group["n"] - group["count"]
        converted = group["count"]
        if factor is None:  # no deflator for the year: nothing of the group is counted
            cents, unconverted, converted, factor = 0, group["n"], 0, (0, 1)
        factor_num, factor_den = factor
        head = (group.get("year", 0), group["marker"], group.get("allocable", False))
        for index, (code, part_num, part_den) in enumerate(parts):
            num, den = factor_num * part_num, factor_den * part_den
            if den != 1:
                common = gcd(num, den) or 1
                num, den = num // common, den // common
            row_key = (*head, code)
            total = (*row_key, den)
            sums[total] = sums.get(total, 0) + cents * num
            tally = counts.setdefault(row_key, [0, 0])
            tally[0] += converted
            tally[1] += unconverted if index == 0 else 0
    amounts: dict[tuple, Fraction] = {}
    for (*row_key, denominator), numerator in sums.items():
        k = tuple(row_key)
        amounts[k] = amounts.get(k, Fraction(0)) + Fraction(numerator, denominator * 100)
    return [
        d.Row(
            year=year,
            marker=marker,
            allocable=allocable,
            amount=amounts.get((year, marker, allocable, code), Fraction(0)),
            count=converted,
            unconverted=unconverted,
            key=code,
        )
        for (year, marker, allocable, code), (converted, unconverted) in counts.items()
    ]


def _spread(kind: str, field: str, code_q: Q | None) -> Any:
    """A key function: a group's allocation set -> [(code, share)] (the empty set: unspecified)."""
    sets = _all_shares(kind)
    keep = None
    if code_q is not None:
        keep = set(FigureShare.objects.filter(code_q, kind=kind).values_list("code", flat=True))

    def key(group: Mapping[str, Any]) -> Parts:
        parts = sets.get(group[field]) or [(d.UNSPECIFIED, 1, 1)]
        if keep is not None:
            parts = [part for part in parts if part[0] in keep]
        return parts

    return key


# --- the figures -----------------------------------------------------------------------------


def _place_names() -> dict[str, str]:
    names = dict(codelists.codes("Country"))
    names.update({f"region:{c}": n for c, n in codelists.codes("Region").items()})
    return names


def figure_tables(filters: Filters, names: list[str] | None = None) -> dict[str, d.Table]:
    """The figures' tables under the filters, read through the cache (``analytics.cache``):
    one query for the cached ones; the others are computed, then stored."""
    from parity.analytics import cache

    wanted = list(names or d.FIGURES)
    unknown = [name for name in wanted if name not in d.FIGURES]
    if unknown:
        raise KeyError(unknown[0])
    cacheable = [name for name in wanted if name not in cache.LIVE]
    build_key = cache.build_key(filters, latest_build())
    filters_key = cache.filters_key(filters)
    found = cache.read(build_key, filters_key, cacheable) if cacheable else {}
    shared = Computation(filters)
    computed = {
        name: compute_table(filters, name, shared) for name in cacheable if name not in found
    }
    if computed:
        cache.write(build_key, filters_key, computed)
    tables = {**found, **computed}
    return {
        name: tables[name] if name in tables else compute_table(filters, name) for name in wanted
    }


def figure_table(filters: Filters, name: str) -> d.Table:
    """One figure's table under the filters, through the cache (``KeyError``: unknown name)."""
    return figure_tables(filters, [name])[name]


class Computation:
    """What several figures under the same filters share, computed once for all of them: the
    filters' weights, and the yearly rows behind the three headline figures."""

    def __init__(self, filters: Filters) -> None:
        self.filters = filters

    @cached_property
    def weights(self) -> _Weights:
        return _Weights(self.filters)

    @cached_property
    def yearly_rows(self) -> list[d.Row]:
        return _rows(_grouped(self.filters, self.weights, []), self.weights)


def compute_table(filters: Filters, name: str, shared: Computation | None = None) -> d.Table:
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
    focused = fact_rows(filters).filter(marker__in=d.FOCUSED)
    if name == "top-recipients":
        key = _spread(PLACE, "place_set", _place_q(filters))
        groups = _grouped(filters, weights, ["place_set"], focused, by_year=False)
        return d.top_by_key(_rows(groups, weights, key, "place_set"), _place_names(), "Recipient")
    if name == "top-sectors":
        key = _spread(SECTOR, "sector_set", _sector_q(filters))
        groups = _grouped(filters, weights, ["sector_set"], focused, by_year=False)
        return d.top_by_key(
            _rows(groups, weights, key, "sector_set"), codelists.codes("Sector"), "Sector"
        )
    if name == "priority-areas":
        areas = {str(pillar_ids()[f"{PRIORITY_AREAS}:{s}"]): n for s, n in priority_areas().items()}
        pillar_sets = _all_shares(PILLAR)

        def area_key(group: Mapping[str, Any]) -> Parts:
            found = [part for part in pillar_sets.get(group["pillar_set"], []) if part[0] in areas]
            return found or [(d.UNSPECIFIED, 1, 1)]

        groups = _grouped(filters, weights, ["pillar_set"], focused, by_year=False)
        table = d.top_by_key(
            _rows(groups, weights, area_key), areas, "Priority area", None, "No priority area"
        )
        for row in table.rows:  # pillar ids mean nothing to readers: show slugs
            row["code"] = {str(v): k.split(":")[1] for k, v in pillar_ids().items()}.get(
                row["code"], row["code"]
            )
        return table
    if name == "purpose-codes":
        dedicated = Q(code__in=list(d.GENDER_PURPOSE_CODES))
        sector_q = _sector_q(filters)
        key = _spread(SECTOR, "sector_set", dedicated if sector_q is None else sector_q)
        rows = fact_rows(filters).filter(sector_set__in=_matching(SECTOR, dedicated))
        groups = _grouped(filters, weights, ["sector_set"], rows)
        return d.purpose_codes(_rows(groups, weights, key, "sector_set"), years)
    raise KeyError(name)


def filtered_activities(filters: Filters) -> QuerySet[Activity]:
    ids = fact_rows(filters).order_by().values("activity_id")
    return Activity.objects.filter(pk__in=ids).order_by("iati_identifier")


def _activity_filter(filters: Filters) -> QuerySet[Activity]:
    """Activities under the activity-level filters (no money filter applies to results)."""
    activities = Activity.objects.all()
    if filters.reporting_org:
        activities = activities.filter(reporting_org__ref=filters.reporting_org)
    sets = FigureRow.objects.order_by()
    if (place := _place_q(filters)) is not None:
        activities = activities.filter(
            pk__in=sets.filter(place_set__in=_matching(PLACE, place)).values("activity_id")
        )
    if (sector := _sector_q(filters)) is not None:
        activities = activities.filter(
            pk__in=sets.filter(sector_set__in=_matching(SECTOR, sector)).values("activity_id")
        )
    if (pillar := _pillar_id(filters)) is not None:
        activities = activities.filter(pillar_tags__pillar_id=pillar)
    if filters.scheme:
        activities = activities.filter(
            pk__in=sets.filter(scheme=filters.scheme).values("activity_id")
        )
    return activities


def result_values(filters: Filters) -> list[d.ResultValue]:
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
    return [d.ResultValue(titles[i] or "", sex, value, a) for i, a, sex, value in found]


def _english(narratives: list[dict] | None) -> str:
    if not narratives:
        return ""
    by_lang = {item.get("lang", ""): item.get("text", "") for item in narratives}
    return by_lang.get("en") or by_lang.get("") or narratives[0].get("text", "")


def pledge_progress() -> d.Table:
    from parity.commitments.models import Pledge
    from parity.commitments.progress import pledge_report

    table = d.Table(
        [
            d.Column("pledge", "Pledge", "text"),
            d.Column("basis", "Basis", "text"),
            d.Column("currency", "Currency", "text"),
            d.Column("target", "Target", "amount"),
            d.Column("progress", "Progress", "amount"),
            d.Column("share", "Share of target", "share"),
            d.Column("status", "Status", "text"),
            d.Column("unconverted", "Not converted", "count"),
        ]
    )
    pledges = Pledge.objects.filter(money_amount__isnull=False).order_by("announced_on", "title")
    for pledge in pledges:
        report = pledge_report(pledge)
        money = report.money
        if money is None:
            table.notes.append(f"{pledge.title}: {report.money_problem or 'no money figure'}")
            continue
        total = money.progress.total
        table.rows.append(
            {
                "pledge": pledge.title,
                "basis": money.target.basis,
                "currency": money.target.currency,
                "target": money.target.amount.quantize(d.CENT),
                "progress": total.quantize(d.CENT),
                "share": d.share(Fraction(total), Fraction(money.target.amount)),
                "status": str(money.status),
                "unconverted": len(money.progress.unconverted),
            }
        )
        table.unconverted += len(money.progress.unconverted)
    return table


def _json_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def table_json(name: str, table: d.Table, basis: d.Basis) -> dict[str, Any]:
    figure = d.FIGURES[name]
    return {
        "name": name,
        "title": figure.title,
        "definition": figure.definition,
        "basis": basis.as_json() if figure.money else None,
        "columns": [asdict(c) for c in table.columns],
        "rows": [{k: _json_cell(v) for k, v in row.items()} for row in table.rows],
        "unconverted": table.unconverted,
        "notes": table.notes,
    }


def build_json() -> dict[str, Any] | None:
    build = latest_build()
    if build is None:
        return None
    return {
        "built_at": build.built_at.isoformat(),
        "currency": build.currency,
        "transactions": build.transactions,
        "unconverted": build.unconverted,
        "undated": build.undated,
    }


def figures(filters: Filters, names: list[str] | None = None) -> dict[str, Any]:
    """Every figure under the filters, JSON-ready (see the module's docstring)."""
    basis = basis_of(filters)
    wanted = names or list(d.FIGURES)
    return {
        "basis": basis.as_json(),
        "filters": filters.as_query(),
        "build": build_json(),
        "figures": {
            name: table_json(name, table, basis)
            for name, table in figure_tables(filters, wanted).items()
        },
    }
