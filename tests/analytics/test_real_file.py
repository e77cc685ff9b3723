"""A real publisher's file (DFID, DR Congo, IATI 1.01) through import, fact table and figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db.models import Count, Sum

from parity.activities.importer import Importer
from parity.analytics import selectors
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.analytics.models import FigureRow

from .conftest import recount, to_money

pytestmark = pytest.mark.django_db
CD = "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"


@pytest.fixture
def imported(shared_dir, rates) -> None:
    Importer().run([shared_dir / CD])
    facts_refresh()


def test_the_fact_table_equals_the_files_transactions(imported) -> None:
    rows = recount(("2", "3", "4"))
    assert rows, "CD.xml has commitments and disbursements"
    facts = FigureRow.objects.aggregate(cents=Sum("amount"), n=Count("id"), ok=Count("amount"))
    assert facts["n"] == len(rows)
    assert facts["ok"] == sum(r["cents"] is not None for r in rows)
    assert facts["cents"] == sum(r["cents"] or 0 for r in rows)


@pytest.mark.parametrize("basis", ["commitments", "disbursements"])
def test_by_marker_equals_a_recount(imported, basis) -> None:
    types = ("2",) if basis == "commitments" else ("3", "4")
    expected: dict[tuple[int, int | None], Fraction] = defaultdict(Fraction)
    for r in recount(types):
        if r["cents"] is not None:
            expected[(r["year"], r["marker"])] += Fraction(r["cents"], 100)
    table = selectors.figure_table(parse_filters({"basis": basis}), "by-marker")
    keys = {2: "principal", 1: "significant", 0: "not_targeted", None: "not_screened"}
    for row in table.rows:
        if "average" in row["period"]:
            continue
        for marker, key in keys.items():
            assert row[key] == to_money(expected.get((int(row["period"]), marker), Fraction(0)))


def test_top_recipients_of_the_file(imported) -> None:
    table = selectors.figure_table(parse_filters({}), "top-recipients")
    focused = sum(
        Fraction(r["cents"], 100)
        for r in recount(("2",))
        if r["cents"] is not None and r["marker"] in (1, 2)
    )
    # each row is rounded to the cent on its own: the rows may differ from the rounded total
    # by half a cent per row, never more
    slack = Decimal("0.005") * len(table.rows)
    assert abs(sum(r["focused"] for r in table.rows) - to_money(focused)) <= slack
