"""The summary spread at build time over the parts of its place and sector sets
(``models.FigureSpread``; built by ``facts.facts_refresh`` after the summary).

A breakdown by country or sector spreads each group's sum over the parts of its allocation set
(``aggregate.spread``). When IATI activities each bring their own country and sector split,
the summary keeps their rows apart by set, and that join of the grouped sums with thousands of
sets is what a page computed cold pays for. Here it is done once, at build time, per kind: the
summary's sums joined with the parts and summed again by the columns the wide views filter on,
the code and the share's denominator (integer sums of cents times the share's numerator, as
``aggregate._spread_in_database`` sums them). A breakdown is then one GROUP BY of this much
smaller table, the filters being WHERE clauses on its columns.

It holds no other set, nor the organisation, the scheme or the aid type: a view filtered on any
of them (narrow, so already quick) and the priority-area breakdown (few sets, whose kept parts
change with the framework) spread at query time as before (``selectors.Computation.spreads``
says when these rows answer).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast

from parity.analytics.filters import Filters
from parity.analytics.models import PLACE, SECTOR, FigureShare, FigureSpread, FigureSummary
from parity.analytics.summary import DIMENSIONS as SUMMARY_DIMENSIONS
from parity.markers.purposes import GENDER_PURPOSE_CODES

FIELDS = {PLACE: "place_set", SECTOR: "sector_set"}
# The summary's columns the spread rows keep: all but the sets and the columns only a narrow
# view filters on (an organisation, a scheme, an aid type), which would keep them apart by
# activity as the sets do.
NARROW = ("reporting_org_id", "scheme", "aid_type")
DIMENSIONS = (
    *(name for name in SUMMARY_DIMENSIONS if not name.endswith("_set") and name not in NARROW),
    "has_constant",
)
FIRST_PART, FIRST_DEDICATED = "first_part", "first_dedicated"
_ZERO = Value(0, output_field=BigIntegerField())
_EXACT = 2**62  # below 64 bits with room for the bound's float rounding


class Prespread(NamedTuple):
    """The spread rows of one kind that a figure's filters select, and the column marking the
    part a set's unconverted rows are counted with (the first of the codes it keeps)."""

    rows: QuerySet[Any]
    first: str = FIRST_PART


def build_spreads() -> int | None:
    """Replace the spread rows (one INSERT ... SELECT per kind, in the database); returns the
    rows written, or None when a sum might not stay an exact integer (then none is kept)."""
    FigureSpread.objects.all().delete()
    if not all(_exact(kind) for kind in FIELDS):
        return None
    with connection.cursor() as cursor:
        for kind, field in FIELDS.items():
            cursor.execute(*_insert(kind, field))
    return FigureSpread.objects.count()


def _exact(kind: str) -> bool:
    """Whether every sum of cents times a numerator fits SQLite's 64-bit integers (PostgreSQL
    sums them as numerics): the sum of every amount's size times the largest numerator bounds
    them all."""
    if connection.vendor == "postgresql":
        return True
    sizes = FigureSummary.objects.aggregate(
        amount=Sum(Abs(Cast("amount", FloatField()))),
        constant=Sum(Abs(Cast("constant", FloatField()))),
    )
    largest = FigureShare.objects.filter(kind=kind).aggregate(n=Max("numerator"))["n"] or 1
    return ((sizes["amount"] or 0) + (sizes["constant"] or 0)) * largest < _EXACT


def _insert(kind: str, field: str) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    share = quote(FigureShare._meta.db_table)
    dims = [quote(name) for name in DIMENSIONS]
    code, den, number = (f"s.{quote(name)}" for name in ("code", "denominator", "numerator"))
    part = f"s.{quote('id')}"
    dedicated = sorted(GENDER_PURPOSE_CODES) if kind == SECTOR else []
    first_dedicated = "CAST(NULL AS BIGINT)"
    if dedicated:
        marks = ", ".join(["%s"] * len(dedicated))
        first_dedicated = f"MIN(CASE WHEN {quote('code')} IN ({marks}) THEN {quote('id')} END)"
    numerator = f"COALESCE({number}, 1)"
    columns = [
        quote("kind"),
        *dims,
        *(quote(name) for name in ("code", "denominator", FIRST_PART, FIRST_DEDICATED)),
        *(quote(name) for name in ("amount", "constant", "converted", "row_count")),
    ]
    select = [
        "%s",
        *(f"g.{name}" for name in dims),
        code,
        den,
        f"CASE WHEN {part} IS NULL OR {part} = f.{quote('first')} THEN TRUE ELSE FALSE END",
        f"CASE WHEN {part} = f.{quote('dedicated')} THEN TRUE ELSE FALSE END",
        f"SUM(CAST(g.{quote('amount')} AS NUMERIC) * {numerator})",
        f"SUM(CAST(g.{quote('constant')} AS NUMERIC) * {numerator})",
        f"SUM(g.{quote('converted')})",
        f"SUM(g.{quote('row_count')})",
    ]
    group = ", ".join(str(n) for n in range(2, len(dims) + 6))
    sql = (
        f"INSERT INTO {quote(FigureSpread._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} FROM {quote(FigureSummary._meta.db_table)} g "
        f"LEFT JOIN {share} s ON s.{quote('kind')} = %s AND s.{quote('set_id')} = g.{quote(field)} "
        f"LEFT JOIN (SELECT {quote('set_id')}, MIN({quote('id')}) AS {quote('first')}, "
        f"{first_dedicated} AS {quote('dedicated')} FROM {share} WHERE {quote('kind')} = %s "
        f"GROUP BY {quote('set_id')}) f ON f.{quote('set_id')} = g.{quote(field)} "
        f"GROUP BY {group}"
    )
    return sql, [kind, kind, *dedicated, kind]


def sums(
    spread: Prespread, filters: Filters, fields: list[str], keep: set[str] | None
) -> list[dict[str, Any]]:
    """The spread rows summed by ``fields``, the code and the denominator, only the codes in
    ``keep`` when given: the dictionaries ``aggregate._spread_in_database`` returns."""
    rows = spread.rows if keep is None else spread.rows.filter(code__in=sorted(keep))
    found = list(
        rows.order_by()
        .values(*fields, "code", den=F("denominator"))
        .annotate(**_sums(filters, Q(**{spread.first: True})))
    )
    for part in found:
        part["converted"] = part.pop("parts_converted")
        part["cents"] = part["cents"] or 0
        if "fixed" in part:
            part["fixed"] = part["fixed"] or 0
    return found


def _sums(filters: Filters, first: Q) -> dict[str, Any]:
    """``aggregate._summary_sums`` over spread rows: the amounts are already weighted, the
    counts of a set's first part (``*_first``) are those of its unconverted rows. (The count of
    every part's converted rows is named apart from the column it sums.)"""

    def firsts(*cases: When) -> Sum:
        return Sum(Case(*cases, default=_ZERO, output_field=BigIntegerField()))

    if filters.prices != "constant":
        return {
            "cents": Sum("amount"),
            "parts_converted": Sum("converted"),
            "n_first": firsts(When(first, then=F("row_count"))),
            "count_first": firsts(When(first, then=F("converted"))),
            "nocurrent_first": firsts(
                When(first & Q(has_constant=True), then=F("row_count") - F("converted"))
            ),
        }
    fixed = Q(constant_base_year=filters.base_year, has_constant=True)
    return {
        "cents": Sum(Case(When(fixed, then=None), default=F("amount"))),
        "fixed": Sum(Case(When(fixed, then=F("constant")))),
        "parts_converted": Sum(
            Case(When(fixed, then=_ZERO), default=F("converted"), output_field=BigIntegerField())
        ),
        "nfixed": firsts(When(fixed, then=F("row_count"))),
        "n_first": firsts(When(first, then=F("row_count"))),
        "count_first": firsts(When(fixed, then=_ZERO), When(first, then=F("converted"))),
        "nfixed_first": firsts(When(first & fixed, then=F("row_count"))),
    }
