"""Every progress figure equals an independent sum over the raw transactions in the database."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from parity.activities.models import Activity, Transaction
from parity.commitments.models import Pillar, PillarTag, Pledge
from parity.commitments.scope import scope_activities
from parity.commitments.tracking.money_rows import excluded_transactions
from parity.commitments.tracking.pledge import pledge_report
from parity.progress import Status

from .conftest import make_pledge, units_per_usd

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)
MILLIONTH = Decimal("0.000001")
TYPES = {Pledge.COMMITMENTS: {"2"}, Pledge.DISBURSEMENTS: {"3", "4"}}


def independent(pledge: Pledge) -> dict:
    """The figures recomputed from Transaction rows, without parity.progress or parity.money."""
    in_scope = set(scope_activities(pledge).values_list("pk", flat=True))
    tags = defaultdict(set)
    for activity_id, pillar_id in PillarTag.objects.values_list("activity_id", "pillar_id"):
        tags[activity_id].add(str(pillar_id))
    total, principal = Decimal(0), Decimal(0)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    by_pillar: dict[str, Decimal] = defaultdict(Decimal)
    ids = []
    for t in Transaction.objects.select_related("activity").order_by("date", "id"):
        a = t.activity
        if a.pk not in in_scope or t.type not in TYPES[pledge.money_basis] or t.date is None:
            continue
        if not pledge.period_start <= t.date <= pledge.period_end:
            continue
        if a.gender_marker not in (1, 2):
            continue
        currency = t.currency or a.default_currency
        on = t.value_date or t.date
        amount = t.value * units_per_usd(pledge.money_currency, on) / units_per_usd(currency, on)
        amount = amount.quantize(MILLIONTH, ROUND_HALF_EVEN)
        total += amount
        by_year[t.date.year] += amount
        for pillar in tags[a.pk]:
            by_pillar[pillar] += amount
        if a.gender_marker == 2:
            principal += amount
        ids.append(t.pk)
    return {
        "total": total,
        "by_year": dict(by_year),
        "by_pillar": dict(by_pillar),
        "principal": principal,
        "ids": ids,
    }


@pytest.mark.parametrize("basis", [Pledge.COMMITMENTS, Pledge.DISBURSEMENTS])
@pytest.mark.parametrize("currency", ["USD", "JPY", "EUR"])
def test_it_sums_exactly_what_an_independent_count_sums(portfolio, rates, basis, currency) -> None:
    pledge = make_pledge(money_basis=basis, money_currency=currency)
    expected = independent(pledge)
    money = pledge_report(pledge, today=TODAY).money
    assert money is not None and money.progress.complete
    assert expected["total"] > 0
    assert money.progress.total == expected["total"]
    assert {y: v for y, v in money.progress.by_year.items()} == expected["by_year"]
    assert money.progress.principal_only == expected["principal"]
    assert sorted(money.transaction_ids) == sorted(expected["ids"])
    assert sum(e.amount for e in money.evidence()) == money.progress.total


def test_it_breaks_money_down_by_pillar(portfolio, rates) -> None:
    from parity.commitments.models import Framework

    framework = Framework.objects.create(slug="fw", name="Test framework", kind="strategy")
    first = Pillar.objects.create(framework=framework, slug="a", number=1, name="A")
    second = Pillar.objects.create(framework=framework, slug="b", number=2, name="B")
    focused = list(Activity.objects.filter(gender_marker__in=[1, 2]).order_by("pk"))
    for activity in focused[::2]:
        PillarTag.objects.create(activity=activity, pillar=first)
    for activity in focused[::3]:
        PillarTag.objects.create(activity=activity, pillar=second)
    pledge = make_pledge(framework=framework)
    expected = independent(pledge)
    money = pledge_report(pledge, today=TODAY).money
    assert dict(money.progress.by_pillar) == expected["by_pillar"]
    untagged = money.progress.total - sum(e.amount for e in money.evidence() if e.pillars)
    assert money.progress.without_pillar == untagged


def test_it_counts_the_excluded_rows_by_reason(portfolio, rates) -> None:
    pledge = make_pledge()
    money = pledge_report(pledge, today=TODAY).money
    in_scope = Transaction.objects.filter(activity__in=scope_activities(pledge))
    counted = {r.key: r.count for r in money.reasons}
    assert sum(counted.values()) + money.count == in_scope.count()
    for key, count in counted.items():
        assert excluded_transactions(pledge, key).count() == count


def test_it_lists_unscreened_and_marker_0_activities_as_excluded(portfolio, rates) -> None:
    pledge = make_pledge(scope_rule={"include_sample": True, "dates": "transactions"})
    money = pledge_report(pledge, today=TODAY).money
    counted = {r.key: r.count for r in money.reasons}
    assert counted["not-screened"] > 0 and counted["not-targeted"] > 0
    rows = excluded_transactions(pledge, "not-screened")
    assert all(t.activity.gender_marker is None for t in rows)
    assert all(t.type == "2" for t in rows)
    # The figure is the same as with a rule for markers 1 and 2: 0 and unscreened never count.
    narrow = make_pledge("narrow", scope_rule={"include_sample": True, "gender_markers": [1, 2]})
    assert pledge_report(narrow, today=TODAY).money.progress.total == money.progress.total


def test_it_reports_a_missing_rate_instead_of_counting_zero(portfolio) -> None:
    pledge = make_pledge(money_currency="XOF")  # neither loaded nor published by the ECB
    money = pledge_report(pledge, today=TODAY).money
    assert money.progress.total == 0
    assert not money.progress.complete
    assert {r.key for r in money.reasons} >= {"rate"}
    assert len(money.unconverted_ids) == len(money.progress.unconverted)


@pytest.mark.parametrize(
    ("amount", "today", "status"),
    [
        ("1", date(2015, 6, 1), Status.NOT_STARTED),
        ("1", date(2026, 1, 1), Status.ACHIEVED),
        ("1000000000000", date(2026, 1, 1), Status.NOT_ACHIEVED),
        ("1000000000000", date(2018, 1, 1), Status.AT_RISK),
    ],
)
def test_it_gives_a_status_with_its_rule(portfolio, rates, amount, today, status) -> None:
    pledge = make_pledge(money_amount=Decimal(amount))
    money = pledge_report(pledge, today=today).money
    assert money.status is status
    assert money.status_rule.startswith(str(status))


def test_it_says_when_a_pledge_has_no_period(db) -> None:
    pledge = make_pledge(period_start=None, period_end=None, scope_rule={})
    report = pledge_report(pledge, today=TODAY)
    assert report.money is None
    assert "no period" in report.money_problem


def test_it_warns_when_the_scope_matches_nothing(db) -> None:
    pledge = make_pledge(scope_rule={})
    report = pledge_report(pledge, today=TODAY)
    assert report.scope.matched == 0
    assert "matches no activity" in report.scope.warnings[0]
    assert report.money.status is Status.CANNOT_VERIFY
    assert report.money.status_rule == "cannot be verified: no data for any activity in the scope"


def test_an_ended_pledge_without_data_names_what_is_missing(portfolio, rates) -> None:
    pledge = make_pledge(
        reported_status="Fully implemented",
        scope_rule={"reporting_orgs": ["XM-DAC-999-NONE"], "gender_markers": [1, 2]},
    )
    report = pledge_report(pledge, today=date(2021, 1, 1))
    assert report.money.status is Status.CANNOT_VERIFY
    assert report.money.status_rule == (
        "cannot be verified: no data for any activity in the scope; "
        "no data loaded for the provider XM-DAC-999-NONE"
    )
    assert report.scope.gaps == ("no data loaded for the provider XM-DAC-999-NONE",)


def test_activities_in_scope_without_counting_rows_are_not_a_start(portfolio, rates) -> None:
    pledge = make_pledge(period_start=date(2030, 1, 1), period_end=date(2030, 12, 31))
    report = pledge_report(pledge, today=date(2031, 1, 1))
    assert report.scope.matched > 0
    assert report.money.status is Status.CANNOT_VERIFY
    assert report.money.status_rule.startswith(
        "cannot be verified: no data for outgoing commitments dated 2030-01-01 to 2030-12-31"
    )
    assert any("the pledge period 2030 to 2030" in gap for gap in report.scope.gaps)


def test_without_loaded_rates_the_ecb_reference_rates_convert_and_are_named(portfolio) -> None:
    money = pledge_report(make_pledge(), today=TODAY, stored=False).money
    assert money.progress.complete  # no EUR, GBP or JPY row is left out
    sources = {e.rate_source for e in money.evidence() if e.currency != "USD"}
    assert sources and all(s.startswith("European Central Bank euro reference") for s in sources)


def test_loaded_rates_come_before_the_reference_rates(portfolio, rates) -> None:
    money = pledge_report(make_pledge(), today=TODAY, stored=False).money
    assert {e.rate_source for e in money.evidence() if e.currency != "USD"} == {"Test rates"}


def test_the_dashboard_table_states_no_progress_for_a_pledge_it_cannot_verify(db) -> None:
    from parity.analytics.selectors import pledge_progress

    make_pledge(scope_rule={}, period_end=date(2018, 12, 31))
    (row,) = pledge_progress().rows
    assert row["status"] == "cannot be verified"
    assert (row["progress"], row["share"]) == (None, None)  # not a progress of 0, nor 0%


def test_a_gap_follows_the_sentence_in_japanese_not_inside_it() -> None:
    from django.utils import translation

    from parity.commitments.tracking.pledge import ScopeSummary, _missing

    scope = ScopeSummary("", 0, 0, (), ("no data loaded for the provider XM-DAC-701-8",))
    with translation.override("ja"):
        text = _missing(scope, "ignored")
    assert text.startswith("検証不能\uff1a対象範囲の案件のデータがありません; ")
    assert not text.endswith("のデータがありません")
