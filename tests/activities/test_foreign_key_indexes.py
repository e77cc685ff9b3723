"""Three foreign keys are served by a composite index rather than one of their own (activities
0011, mainstreaming 0009): an import writes one index fewer per transaction and two fewer per
activity, and a lookup by activity or by reporting organisation still uses an index."""

from __future__ import annotations

import pytest
from django.db import connection

from parity.activities import models as m
from parity.mainstreaming.models import ReviewState

pytestmark = pytest.mark.django_db

SERVED = [
    (m.Transaction, "activity_id", ["activity_id", "type"]),
    (m.Activity, "reporting_org_id", ["reporting_org_id", "gender_marker"]),
    (ReviewState, "reporting_org_id", ["reporting_org_id", "gender_marker"]),
]


def _indexes(table: str) -> list[list[str]]:
    """The columns of each index of ``table``, as the database lists them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT array_agg(a.attname ORDER BY k.ord) FROM pg_index i "
                "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "WHERE i.indrelid = %s::regclass GROUP BY i.indexrelid",
                [table],
            )
            return [list(row[0]) for row in cursor.fetchall()]
        cursor.execute(f"PRAGMA index_list({connection.ops.quote_name(table)})")
        names = [row[1] for row in cursor.fetchall()]
        found = []
        for name in names:
            cursor.execute(f"PRAGMA index_info({connection.ops.quote_name(name)})")
            found.append([row[2] for row in sorted(cursor.fetchall())])
        return found


@pytest.mark.parametrize(("model", "column", "composite"), SERVED)
def test_the_key_has_no_index_of_its_own_but_leads_a_composite(
    model: type, column: str, composite: list[str]
) -> None:
    indexes = _indexes(model._meta.db_table)
    assert [column] not in indexes
    assert composite in indexes


def test_a_lookup_by_activity_goes_through_the_composite() -> None:
    query = "SELECT id FROM activities_transaction WHERE activity_id = 1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner scans a near-empty table; asked not to, it shows the index it has.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {query}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "activities__activit_7f0c8c_idx" in plan
