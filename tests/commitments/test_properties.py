"""Hypothesis: random transactions in the database, the pledge figure equals a recount."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.activities.models import Activity, Organisation, Transaction
from parity.commitments.tracking.pledge import pledge_report

from .conftest import make_pledge, units_per_usd

pytestmark = pytest.mark.django_db
START, END = date(2016, 1, 1), date(2018, 12, 31)

transactions = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "3", "4", "11"]),
        st.dates(START - timedelta(days=400), END + timedelta(days=400)),
        st.decimals(-(10**7), 10**9, places=4, allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "USD", "EUR", "JPY", "GBP"]),
        st.integers(0, 3),  # which activity
    ),
    max_size=40,
)
MARKERS = [None, 0, 1, 2]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=transactions, basis=st.sampled_from(["commitments", "disbursements"]))
def test_it_equals_a_recount_of_random_transactions(rates, rows, basis) -> None:
    org, _ = Organisation.objects.get_or_create(ref="XM-TEST", defaults={"is_sample": True})
    activities = [
        Activity.objects.create(
            iati_identifier=f"XM-TEST-{i}",
            reporting_org=org,
            gender_marker=marker,
            default_currency="EUR" if i % 2 else "USD",
            is_sample=True,
        )
        for i, marker in enumerate(MARKERS)
    ]
    try:
        for type_code, day, value, currency, which in rows:
            Transaction.objects.create(
                activity=activities[which],
                type=type_code,
                date=day,
                value=value,
                currency=currency,
            )
        pledge = make_pledge(
            "random",
            period_start=START,
            period_end=END,
            money_basis=basis,
            money_currency="JPY",
            scope_rule={"reporting_orgs": ["XM-TEST"], "include_sample": True},
        )
        types = {"commitments": {"2"}, "disbursements": {"3", "4"}}[basis]
        expected = Decimal(0)
        for type_code, day, value, currency, which in rows:
            activity = activities[which]
            if type_code in types and START <= day <= END and activity.gender_marker in (1, 2):
                currency = currency or activity.default_currency
                amount = value * units_per_usd("JPY", day) / units_per_usd(currency, day)
                expected += amount.quantize(Decimal("0.000001"), ROUND_HALF_EVEN)
        money = pledge_report(pledge, today=date(2026, 1, 1)).money
        assert money.progress.total == expected
        assert sum(money.progress.by_year.values()) == expected
        counted = sum(r.count for r in money.reasons) + money.count
        assert counted == len(rows)
    finally:
        Transaction.objects.filter(activity__in=activities).delete()
        Activity.objects.filter(pk__in=[a.pk for a in activities]).delete()
        from parity.commitments.models import Pledge

        Pledge.objects.filter(slug="random").delete()
