"""The fact table summed for the figures: the rows the filters select, grouped in the database
(integer sums of cents), then weighted by the filters' share of each allocation set and deflated,
with exact fractions; ``selectors`` turns these sums into figures.

The rows are read from the summary table (``models.FigureSummary``: the fact rows already
grouped by every column a filter or figure reads) when the build has one, else from the fact
table; both give the same sums (``_sums`` and ``_summary_sums``). A breakdown by country or
sector reads the summary already spread over the sets' parts (``prespread``) when it can."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import gcd
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Model, Q, QuerySet, Sum, Value, When

from parity.activities.models import Organisation
from parity.analytics import prespread as pre
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
    SummaryColumns,
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
    filters: Filters, *, superseded: bool = False, model: type[Model] = FigureRow
) -> QuerySet[Any]:
    """The fact rows the filters select (whole rows: a country's share is applied later);
    ``superseded`` adds the rows left out because the other source covers their provider and
    year (``sources``); ``model`` reads the summary table's rows instead (``FigureSummary``:
    the same columns, summed: see ``grouped``) or the spread rows (``FigureSpread``, which
    keep no set: only for filters that select none)."""
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
        # In id order: a set's parts were written sorted by code, and its first part (the
        # one a group's unconverted rows are counted with) is the one ``spread`` finds first.
        parts = (
            FigureShare.objects.filter(kind=kind)
            .order_by("id")
            .values_list("set_id", "code", "numerator", "denominator")
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
    return list(_grouped_query(filters, weights, by, rows, by_year=by_year))


def _grouped_query(
    filters: Filters, weights: Weights, by: list[str], rows: QuerySet[Any], *, by_year: bool
) -> QuerySet[Any]:
    fields = list(dict.fromkeys([*_heads(weights, by_year), *by, *weights.group_fields]))
    summed = issubclass(rows.model, SummaryColumns)
    sums = _summary_sums(filters) if summed else _sums(filters)
    return rows.order_by().values(*fields).annotate(**sums)


def _heads(weights: Weights, by_year: bool) -> list[str]:
    """The columns every group keeps: the year (also without ``by_year`` when constant prices
    deflate it), the marker, and by year the aid-type class."""
    year = ["year"] if by_year or weights.deflate is not None else []
    return [*year, "marker", *(["allocable"] if by_year else [])]


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
    return _rows(sums, counts)


def _rows(sums: dict[tuple, int], counts: dict[tuple, list[int]]) -> list[Row]:
    """Rows from integer sums of weighted cents keyed (year, marker, allocable, code,
    denominator) and their counts keyed (year, marker, allocable, code)."""
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


def spread_key(kind: str, field: str, keep: set[str] | None, *, unkept: bool = False) -> Any:
    """A key function: a group's allocation set -> its parts [(code, numerator, denominator)],
    only the codes in ``keep`` when given. A group with no part left is unspecified when its
    set is empty and no code is kept, or (``unkept``) whenever no part is kept; else dropped."""
    sets = all_shares(kind)

    def key(group: Mapping[str, Any]) -> Parts:
        parts = sets.get(group[field], [])
        if keep is not None:
            parts = [part for part in parts if part[0] in keep]
        if not parts and (unkept or keep is None):
            return [(UNSPECIFIED, 1, 1)]
        return parts

    return key


def codes(kind: str, code_q: Q | None) -> set[str] | None:
    """The codes of a kind's allocation sets that ``code_q`` selects (None: no selection)."""
    if code_q is None:
        return None
    return set(FigureShare.objects.filter(code_q, kind=kind).values_list("code", flat=True))


def spread(
    filters: Filters,
    weights: Weights,
    rows: QuerySet[Any],
    kind: str,
    field: str,
    keep: set[str] | None = None,
    *,
    unkept: bool = False,
    by_year: bool = True,
    prespread: pre.Prespread | None = None,
) -> list[Row]:
    """``rows`` grouped and spread over the parts of their allocation set in ``field``, as
    ``to_rows(grouped(...), weights, spread_key(kind, field, keep, unkept=unkept), ...)`` gives
    them (the filters' weight of that set is the spreading itself).

    ``prespread``: the same rows already spread at build time (``prespread``; given only where
    they answer: no set filtered, and ``keep`` None or the codes whose first part it marks),
    then only summed by code.

    Where the filters weigh no other set, the spreading is done in the database: the grouped
    sums joined with the set's parts and summed again by code and share denominator (integer
    sums of cents times numerators, as ``to_rows`` adds them up), so that Python sees one row
    per code and denominator instead of one per allocation set. Else, or if an integer sum
    would not stay exact (SQLite turns an overflowing product into a float), in Python."""
    if prespread is not None:
        found = pre.sums(prespread, filters, _heads(weights, by_year), keep)
        return _spread_rows(found, weights, field)
    key = spread_key(kind, field, keep, unkept=unkept)
    if any(name != field for name in weights.group_fields):
        return to_rows(
            grouped(filters, weights, [field], rows, by_year=by_year), weights, key, field
        )
    query = _grouped_query(filters, weights, [field], rows, by_year=by_year)
    found = _spread_in_database(query, kind, field, keep, unkept, filters.prices == "constant")
    if found is None:
        return to_rows(list(query), weights, key, field)
    return _spread_rows(found, weights, field)


def _spread_in_database(
    query: QuerySet[Any], kind: str, field: str, keep: set[str] | None, unkept: bool, fixed: bool
) -> list[dict[str, Any]] | None:
    """The grouped sums of ``query`` spread over the parts of their set, summed by the group's
    other fields, the code (None: unspecified) and the share's denominator: ``cents`` and
    ``fixed`` are sums of cents times the share's numerator; ``converted`` and ``nfixed`` count
    every part, the ``*_first`` counts only a group's first part (unconverted rows are counted
    once). None: a sum is not an exact integer."""
    quote = connection.ops.quote_name
    inner, params = query.query.get_compiler(using=query.db).as_sql()
    heads = [name for name in query.query.values_select if name != field]
    share = quote(FigureShare._meta.db_table)
    kept, kept_params = "", []
    if keep is not None:
        kept = (
            f" AND s.{quote('code')} IN ({', '.join(['%s'] * len(keep))})" if keep else " AND 0 = 1"
        )
        kept_params = sorted(keep)
    join = "LEFT JOIN" if keep is None or unkept else "JOIN"
    numerator = f"COALESCE(s.{quote('numerator')}, 1)"
    first = f"(s.{quote('id')} IS NULL OR s.{quote('id')} = f.{quote('first')})"
    amounts = [f"SUM(COALESCE(g.{quote('cents')}, 0) * {numerator})"]
    counts = [f"SUM(g.{quote('count')})"]
    firsts = ["n", "count"]
    if fixed:
        amounts.append(f"SUM(COALESCE(g.{quote('fixed')}, 0) * {numerator})")
        counts.append(f"SUM(g.{quote('nfixed')})")
        firsts.append("nfixed")
    else:
        firsts.append("nocurrent")
    counts += [f"SUM(CASE WHEN {first} THEN g.{quote(name)} ELSE 0 END)" for name in firsts]
    head_sql = [f"g.{quote(name)}" for name in heads]
    code = [f"s.{quote('code')}", f"s.{quote('denominator')}"]
    select = ", ".join([*head_sql, *code, *amounts, *counts])
    group = ", ".join(str(n) for n in range(1, len(head_sql) + len(code) + 1))
    # The first part of each set the groups point at (not of every set: the groups of a
    # narrow view point at a few).
    sql = (
        f"WITH g AS ({inner}) SELECT {select} FROM g {join} {share} s "
        f"ON s.{quote('kind')} = %s AND s.{quote('set_id')} = g.{quote(field)}{kept} "
        f"LEFT JOIN (SELECT s.{quote('set_id')}, MIN(s.{quote('id')}) AS {quote('first')} "
        f"FROM {share} s WHERE s.{quote('kind')} = %s{kept} AND s.{quote('set_id')} IN "
        f"(SELECT {quote(field)} FROM g) GROUP BY s.{quote('set_id')}) f "
        f"ON f.{quote('set_id')} = g.{quote(field)} GROUP BY {group}"
    )
    names = [*heads, "code", "den", "cents", *(["fixed"] if fixed else []), "converted"]
    names += [*(["nfixed"] if fixed else []), *(f"{name}_first" for name in firsts)]
    found = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, kind, *kept_params, kind, *kept_params])
        for values in cursor.fetchall():
            if any(isinstance(value, float) for value in values):
                return None
            found.append(dict(zip(names, values, strict=True)))
    return found


def _spread_rows(found: list[dict[str, Any]], weights: Weights, field: str) -> list[Row]:
    """``_spread_in_database``'s sums as ``definitions.Row``: ``to_rows`` over spread sums
    (the factor is the deflator's alone, applied per year)."""
    sums: dict[tuple, int] = {}
    counts: dict[tuple, list[int]] = {}
    for part in found:
        code = UNSPECIFIED if part["code"] is None else part["code"]
        head = (part.get("year", 0), part["marker"], part.get("allocable", False), code)
        share_den = 1 if part["den"] is None else int(part["den"])
        cents, fixed = int(part["cents"]), int(part.get("fixed", 0))
        nfixed, nfixed_first = int(part.get("nfixed", 0)), int(part.get("nfixed_first", 0))
        no_current = int(part.get("nocurrent_first", 0))
        converted = int(part["converted"]) + nfixed
        unconverted = int(part["n_first"]) - int(part["count_first"]) - nfixed_first - no_current
        factor = weights.factor(part, field)
        if factor is None:  # no deflator for the year: only the file-given amounts count
            cents, converted, factor = 0, nfixed, (0, 1)
            unconverted = int(part["n_first"]) - nfixed_first
        sources = [(cents, factor)]
        if fixed:
            sources.append((fixed, weights.factor(part, field, deflate=False)))  # type: ignore[arg-type]
        for amount, (factor_num, factor_den) in sources:
            num, den = factor_num, factor_den * share_den
            common = gcd(num, den) or 1
            total = (*head, den // common)
            sums[total] = sums.get(total, 0) + amount * (num // common)
        tally = counts.setdefault(head, [0, 0, 0])
        tally[0] += converted
        tally[1] += unconverted
        tally[2] += no_current
    return _rows(sums, counts)
