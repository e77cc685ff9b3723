"""The dedicated gender purpose codes: one list for the evidence rules and the dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.activities.models import Activity, ActivitySector, Organisation, Transaction
from parity.analytics import selectors
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.markers.purposes import GENDER_PURPOSE_CODES
from parity.markers.rules import GENDER_SECTORS

pytestmark = pytest.mark.django_db


def commit(org: Organisation, n: int, sector: str, value: str) -> None:
    activity = Activity.objects.create(
        iati_identifier=f"XM-PURPOSE-{n}",
        reporting_org=org,
        gender_marker=0,  # dedicated codes count whatever the marker
        default_currency="USD",
        default_aid_types=["C01"],
        default_flow_type="10",
    )
    ActivitySector.objects.create(activity=activity, code=sector, vocabulary="1")
    Transaction.objects.create(
        activity=activity, type="2", date=date(2015, 3, 1), value=Decimal(value), currency="USD"
    )


def test_the_dashboard_counts_the_withdrawn_code_15164() -> None:
    org = Organisation.objects.create(ref="GB-GOV-1", type="10")
    commit(org, 1, "15164", "1000.00")
    commit(org, 2, "15170", "250.00")
    commit(org, 3, "15180", "40.00")
    commit(org, 4, "15160", "9999.00")  # human rights: not a dedicated code
    facts_refresh()
    table = selectors.figure_table(parse_filters({}), "purpose-codes")
    assert [c.key for c in table.columns] == ["year", "15170", "15180", "15164", "total"]
    assert table.rows == [
        {
            "year": 2015,
            "15170": Decimal("250.00"),
            "15180": Decimal("40.00"),
            "15164": Decimal("1000.00"),
            "total": Decimal("1290.00"),
        }
    ]
    only = selectors.figure_table(parse_filters({"sector": "15164"}), "purpose-codes")
    assert only.rows[0]["total"] == Decimal("1000.00")


def test_the_evidence_rules_and_the_figures_share_one_list() -> None:
    assert set(GENDER_SECTORS) == set(GENDER_PURPOSE_CODES) == {"15164", "15170", "15180"}
