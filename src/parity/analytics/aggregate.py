"""The fact table summed for the figures: the rows the filters select, grouped in the database
(integer sums of cents), then weighted by the filters' share of each allocation set and deflated,
with exact fractions; ``selectors`` turns these sums into figures.

The rows are read from the summary table (``models.FigureSummary``: the fact rows already
grouped by every column a filter or figure reads) when the build has one, else from the fact
table; both give the same sums (``_sums`` and ``_summary_sums``)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import gcd
from typing import Any

from django.db.models import BigIntegerField, Case, Count, F, Q, QuerySet, Sum, Value, When

from parity.activities.models import Organisation
from parity.analytics.counting import ALL
from parity.analytics.filters import Filters
from parity.analytics.lookups import PRIORITY_AREAS, deflator_index, latest_build, pillar_ids
from parity.analytics.models import (
    COMMITMENT,
    DISBURSEMENT,
    PILLAR,
    PLACE,
    SECTOR,
    FigureRow,
    FigureShare,
    FigureSummary,
)
from parity.analytics.tables import UNSPECIFIED, Row

_FLOW = {"commitments": COMMITMENT, "disbursements": DISBURSEMENT}


def matching(kind: str, code_q: Q) -> QuerySet:
    return FigureShare.objects.filter(code_q, kind=kind).values("set_id")


def place_q(filters: Filters) -> Q | None:
    if filters.country:
        return Q(code=filters.country)
    if filters.region:
        return Q(code=f"region:{filters.region}")
    return None


def sector_q(filters: Filters) -> Q | None:
    if not filters.sector:
        return None
    if len(filters.sector) == 3:
        return Q(code__startswith=filters.sector)
    return Q(code=filters.sector)


def pillar_id(filters: Filters) -> int | None:
    if filters.area:
        return pillar_ids().get(f"{PRIORITY_AREAS}:{filters.area}")
    if filters.pillar:
        return pillar_ids().get(filters.pillar)
    return None


def fact_rows(
    filters: Filters, *, superseded: bool = False, summary: bool = False
) -> QuerySet[Any]:
    """The fact rows the filters select (whole rows: a country's share is applied later);
    ``superseded`` adds the rows left out because the other source covers their provider and
    year (``sources``); ``summary`` reads the summary table's rows instead (the same columns,
    summed: see ``grouped``)."""
    model = FigureSummary if summary else FigureRow
    rows = model.objects.filter(flow=_FLOW[filters.basis])
    if filters.flow_type != ALL:
        rows = rows.filter(flow_type=filters.flow_type)
    if filters.provider_group != ALL:
        rows = rows.filter(provider_group=filters.provider_group)
    if not superseded:
        rows = rows.filter(superseded=False)
    if filters.year_from:
        rows = rows.filter(year__gte=filters.year_from)
    if filters.year_to:
        rows = rows.filter(year__lte=filters.year_to)
    if filters.reporting_org:
        org = Organisation.objects.filter(ref=filters.reporting_org).values("pk")
        rows = rows.filter(reporting_org_id__in=org)
    if filters.scheme:
        rows = rows.filter(scheme=filters.scheme)
    if filters.aid_type:
        rows = rows.filter(aid_type=filters.aid_type)
    if (place := place_q(filters)) is not None:
        rows = rows.filter(place_set__in=matching(PLACE, place))
    if (sector := sector_q(filters)) is not None:
        rows = rows.filter(sector_set__in=matching(SECTOR, sector))
    if (pillar := pillar_id(filters)) is not None:
        rows = rows.filter(pillar_set__in=matching(PILLAR, Q(code=str(pillar))))
    return rows


# An allocation set's parts: (code, numerator, denominator) of the share, whole numbers so that
# weighting a group's cents is integer arithmetic (Fraction arithmetic normalises at every
# step, and a breakdown weights tens of thousands of groups).
Parts = list[tuple[str, int, int]]
WHOLE: Parts = [("", 1, 1)]
_SHARES_CACHE: dict[tuple, dict[int, Parts]] = {}


def all_shares(kind: str) -> dict[int, Parts]:
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
        return all_shares(kind)
    wanted = set(
        FigureShare.objects.filter(code_q, kind=kind).values_list("code", flat=True).distinct()
    )
    found: dict[int, Parts] = {}
    for set_id, parts in all_shares(kind).items():
        kept = [part for part in parts if part[0] in wanted]
        if kept:
            found[set_id] = kept
    return found


class Weights:
    """The share of each grouped row that the filters select, and its deflator factor."""

    def __init__(self, filters: Filters) -> None:
        self.place = self._weights(PLACE, place_q(filters))
        self.sector = self._weights(SECTOR, sector_q(filters))
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

    def factor(
        self, group: Mapping[str, Any], spread: str = "", *, deflate: bool = True
    ) -> tuple[int, int] | None:
        """The group's weight as (numerator, denominator); ``spread`` names the set a
        breakdown spreads over itself (its filter is then applied code by code, not as a
        weight too); ``deflate=False`` leaves the deflator out (amounts a CRS file gave at
        constant prices). None: no deflator for the group's year."""
        num = den = 1
        if self.place is not None and spread != "place_set":
            n, d_ = self.place.get(group["place_set"], (0, 1))
            num, den = num * n, den * d_
        if self.sector is not None and spread != "sector_set":
            n, d_ = self.sector.get(group["sector_set"], (0, 1))
            num, den = num * n, den * d_
        if self.deflate is not None and deflate:
            factor = self.deflate.get(group["year"])
            if factor is None:
                return None
            num, den = num * factor.numerator, den * factor.denominator
        return num, den


def _deflators(filters: Filters) -> dict[int, Fraction]:
    """year -> factor taking that year's current prices to the base year's (none without a
    deflator series: then only the CRS rows' own constant amounts are counted)."""
    if not filters.deflator:
        return {}
    index = {year: Fraction(value) for year, value in deflator_index(filters.deflator).items()}
    base = index.get(filters.base_year)  # type: ignore[arg-type]
    if base is None:
        return {}
    return {year: base / value for year, value in index.items()}


def _sums(filters: Filters) -> dict[str, Any]:
    """The aggregates of a group. At current prices, ``nocurrent`` counts the CRS rows whose
    file gave a constant-price amount only (no current amount: not a missing rate). At constant
    prices a CRS row whose file gave its constant amount in the base year (or, with no base
    year asked, in a base year the file does not state) counts that amount as it is
    (``fixed``), never deflated again."""
    if filters.prices != "constant":
        constant_only = Q(amount__isnull=True, amount_constant__isnull=False)
        return {
            "cents": Sum("amount"),
            "count": Count("amount"),
            "nocurrent": Count(Case(When(constant_only, then=Value(1)))),
            "n": Count("id"),
        }
    fixed = Q(constant_base_year=filters.base_year, amount_constant__isnull=False)
    return {
        "cents": Sum(Case(When(fixed, then=None), default=F("amount"))),
        "count": Count(Case(When(fixed, then=None), default=F("amount"))),
        "fixed": Sum(Case(When(fixed, then=F("amount_constant")))),
        "nfixed": Count(Case(When(fixed, then=F("amount_constant")))),
        "n": Count("id"),
    }


_ZERO = Value(0, output_field=BigIntegerField())


def _summary_sums(filters: Filters) -> dict[str, Any]:
    """``_sums`` over the summary table: its rows are fact rows already summed, with those
    holding a constant-price amount (``has_constant``) apart, so each aggregate is the sum of
    the summary's own sums (a group of rows is fixed, or not, as a whole)."""
    if filters.prices != "constant":
        constant_only = Q(has_constant=True)
        return {
            "cents": Sum("amount"),
            "count": Sum("converted"),
            "nocurrent": Sum(
                Case(
                    When(constant_only, then=F("row_count") - F("converted")),
                    default=_ZERO,
                    output_field=BigIntegerField(),
                )
            ),
            "n": Sum("row_count"),
        }
    fixed = Q(constant_base_year=filters.base_year, has_constant=True)
    return {
        "cents": Sum(Case(When(fixed, then=None), default=F("amount"))),
        "count": Sum(Case(When(fixed, then=_ZERO), default=F("converted"))),
        "fixed": Sum(Case(When(fixed, then=F("constant")))),
        "nfixed": Sum(Case(When(fixed, then=F("row_count")), default=_ZERO)),
        "n": Sum("row_count"),
    }


def grouped(
    filters: Filters,
    weights: Weights,
    by: list[str],
    rows: QuerySet[Any],
    *,
    by_year: bool = True,
) -> list[dict[str, Any]]:
    """Integer sums of cents of ``rows`` (from ``fact_rows``: the fact table's or the summary
    table's), grouped; ``n`` counts every row, ``count`` the converted ones.

    Breakdowns that add up every year (``by_year=False``) leave the year out of the GROUP BY,
    unless constant prices need it for the deflator."""
    year = ["year"] if by_year or weights.deflate is not None else []
    allocable = ["allocable"] if by_year else []
    fields = list(dict.fromkeys([*year, "marker", *allocable, *by, *weights.group_fields]))
    sums = _summary_sums(filters) if rows.model is FigureSummary else _sums(filters)
    return list(rows.order_by().values(*fields).annotate(**sums))


def to_rows(
    groups: list[dict[str, Any]], weights: Weights, key: Any = None, spread: str = ""
) -> list[Row]:
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
        fixed, nfixed = group.get("fixed") or 0, group.get("nfixed", 0)
        no_current = group.get("nocurrent", 0)
        unconverted = group["n"] - group["count"] - nfixed - no_current
        converted = group["count"] + nfixed
        if factor is None:  # no deflator for the year: only the file-given amounts count
            cents, unconverted, converted, factor = 0, group["n"] - nfixed, nfixed, (0, 1)
        sources = [(cents, factor)]
        if fixed:
            sources.append((fixed, weights.factor(group, spread, deflate=False)))  # type: ignore[arg-type]
        head = (group.get("year", 0), group["marker"], group.get("allocable", False))
        for index, (code, part_num, part_den) in enumerate(parts):
            row_key = (*head, code)
            for amount, (factor_num, factor_den) in sources:
                num, den = factor_num * part_num, factor_den * part_den
                if den != 1:
                    common = gcd(num, den) or 1
                    num, den = num // common, den // common
                total = (*row_key, den)
                sums[total] = sums.get(total, 0) + amount * num
            tally = counts.setdefault(row_key, [0, 0, 0])
            tally[0] += converted
            if index == 0:
                tally[1] += unconverted
                tally[2] += no_current
    amounts: dict[tuple, Fraction] = {}
    for (*row_key, denominator), numerator in sums.items():
        k = tuple(row_key)
        amounts[k] = amounts.get(k, Fraction(0)) + Fraction(numerator, denominator * 100)
    return [
        Row(
            year=year,
            marker=marker,
            allocable=allocable,
            amount=amounts.get((year, marker, allocable, code), Fraction(0)),
            count=converted,
            unconverted=unconverted,
            key=code,
            no_current=no_current,
        )
        for (year, marker, allocable, code), (converted, unconverted, no_current) in counts.items()
    ]


def spread_key(kind: str, field: str, code_q: Q | None) -> Any:
    """A key function: a group's allocation set -> [(code, share)] (the empty set: unspecified)."""
    sets = all_shares(kind)
    keep = None
    if code_q is not None:
        keep = set(FigureShare.objects.filter(code_q, kind=kind).values_list("code", flat=True))

    def key(group: Mapping[str, Any]) -> Parts:
        parts = sets.get(group[field]) or [(UNSPECIFIED, 1, 1)]
        if keep is not None:
            parts = [part for part in parts if part[0] in keep]
        return parts

    return key
