"""The figures' summary tables: the fact table grouped at build time by every column a filter
or a figure reads (``models.FigureSummary``), and that summary grouped again without the place
and sector sets (``models.FigureWideSummary``); both built by ``facts.facts_refresh``."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

from parity.analytics.models import FigureRow, FigureSummary, FigureWideSummary

# The fact table's columns the summary keeps (its grouping); ``has_constant`` is added.
DIMENSIONS = (
    "reporting_org_id",
    "flow",
    "year",
    "marker",
    "scheme",
    "aid_type",
    "allocable",
    "flow_type",
    "provider_group",
    "source",
    "superseded",
    "constant_base_year",
    "place_set",
    "sector_set",
    "pillar_set",
)
# The wide summary's grouping: the summary's without the place and sector sets.
WIDE_DIMENSIONS = (
    *(name for name in DIMENSIONS if name not in ("place_set", "sector_set")),
    "has_constant",
)
SUMS = ("amount", "converted", "row_count", "constant")


def build_summary() -> int:
    """Replace the summary with the fact table grouped (one INSERT ... SELECT, in the
    database); returns the rows written."""
    quote = connection.ops.quote_name
    dimensions = ", ".join(quote(name) for name in DIMENSIONS)
    constant = f"{quote('amount_constant')} IS NOT NULL"
    sums = (
        f"SUM({quote('amount')}), COUNT({quote('amount')}), COUNT(*), "
        f"SUM({quote('amount_constant')})"
    )
    return _replace(
        FigureSummary,
        [*DIMENSIONS, "has_constant", *SUMS],
        f"SELECT {dimensions}, {constant}, {sums} FROM {quote(FigureRow._meta.db_table)} "
        f"GROUP BY {dimensions}, {constant}",
    )


def build_wide_summary() -> int:
    """Replace the wide summary with the summary grouped without the place and sector sets;
    returns the rows written."""
    quote = connection.ops.quote_name
    dimensions = ", ".join(quote(name) for name in WIDE_DIMENSIONS)
    sums = ", ".join(f"SUM({quote(name)})" for name in SUMS)
    return _replace(
        FigureWideSummary,
        [*WIDE_DIMENSIONS, *SUMS],
        f"SELECT {dimensions}, {sums} FROM {quote(FigureSummary._meta.db_table)} "
        f"GROUP BY {dimensions}",
    )


def _replace(model: type[Model], columns: list[str], select: str) -> int:
    quote = connection.ops.quote_name
    model.objects.all().delete()
    names = ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}")
    return model.objects.count()
