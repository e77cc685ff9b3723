"""The figures' summary table: the fact table grouped at build time by every column a filter
or a figure reads (``models.FigureSummary``; built by ``facts.facts_refresh``)."""

from __future__ import annotations

from django.db import connection

from parity.analytics.models import FigureRow, FigureSummary

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


def build_summary() -> int:
    """Replace the summary with the fact table grouped (one INSERT ... SELECT, in the
    database); returns the rows written."""
    quote = connection.ops.quote_name
    dimensions = ", ".join(quote(name) for name in DIMENSIONS)
    constant = f"{quote('amount_constant')} IS NOT NULL"
    sums = ", ".join(quote(name) for name in ("has_constant", "amount", "converted", "row_count"))
    columns = f"{dimensions}, {sums}, {quote('constant')}"
    FigureSummary.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(FigureSummary._meta.db_table)} ({columns}) "
            f"SELECT {dimensions}, {constant}, SUM({quote('amount')}), COUNT({quote('amount')}), "
            f"COUNT(*), "
            f"SUM({quote('amount_constant')}) FROM {quote(FigureRow._meta.db_table)} "
            f"GROUP BY {dimensions}, {constant}"
        )
    return FigureSummary.objects.count()
