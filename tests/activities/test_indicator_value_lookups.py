"""Indicator values are found through their period (migration 0012): the index by (kind, sex)
is gone, so the database no longer walks every actual value of every activity to find the few
a pledge's output targets read."""

from __future__ import annotations

import pytest
from django.db import connection

from parity.activities import models as m
from parity.commitments.tracking.outputs import actuals_of

pytestmark = pytest.mark.django_db


def _index_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] and not c["primary_key"]]


def test_indicator_values_are_indexed_by_period_only() -> None:
    assert _index_columns(m.IndicatorValue._meta.db_table) == [["period_id"]]


def test_a_pledges_actuals_are_read_through_their_periods() -> None:
    query = actuals_of([1, 2, 3])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The planner scans near-empty tables; asked not to, it shows the indexes it has.
            cursor.execute("SET enable_seqscan = off")
            try:
                plan = query.explain()
            finally:
                cursor.execute("RESET enable_seqscan")
    else:
        plan = query.explain()
    assert "activities_indicatorvalue_period_id" in plan
