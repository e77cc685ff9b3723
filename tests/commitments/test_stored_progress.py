"""Stored pledge progress: the next page view after any change of an input shows the new,
exact figure; while nothing changed it shows the stored one, identical to a recomputation."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import post_delete, pre_delete
from django.test import Client
from django.urls import reverse

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Transaction
from parity.commitments.models import (
    ExchangeRate,
    Framework,
    Pillar,
    PillarTag,
    Pledge,
    PledgeProgressSnapshot,
)
from parity.commitments.rates import rates_import
from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.pledge import pledge_report
from parity.money import RatePeriod, RateRow
from parity.sample import generate_portfolio

from .conftest import make_pledge
from .test_progress import independent

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def pledge(portfolio, rates) -> Pledge:
    return make_pledge()


def shown(client: Client, pledge: Pledge) -> MoneyReport:
    """The money report behind the pledge page, as the next visitor gets it."""
    response = client.get(reverse("commitments:pledge-detail", args=[pledge.slug]))
    assert response.status_code == 200
    money = response.context["report"].money
    assert money is not None
    return money


def assert_exact(money: MoneyReport, pledge: Pledge) -> None:
    """The figure shown equals an independent recount over the transactions as they are now,
    and equals the sum of its evidence rows."""
    pledge.refresh_from_db()
    expected = independent(pledge)
    assert money.progress.total == expected["total"]
    assert dict(money.progress.by_year) == expected["by_year"]
    assert money.progress.principal_only == expected["principal"]
    assert list(money.transaction_ids) == expected["ids"]
    assert sum(e.amount for e in money.evidence()) == money.progress.total


def assert_recomputed(money: MoneyReport, pledge: Pledge) -> None:
    """Recomputed on this view (never the stored figure) and equal to a fresh computation."""
    assert not money.from_snapshot
    fresh = pledge_report(pledge, stored=False).money
    assert fresh is not None
    assert money.progress == fresh.progress
    assert money.reasons == fresh.reasons
    assert list(money.transaction_ids) == list(fresh.transaction_ids)


def test_it_shows_the_stored_figure_while_nothing_changed(client, pledge) -> None:
    first = shown(client, pledge)
    assert not first.from_snapshot
    again = shown(client, pledge)
    assert again.from_snapshot
    assert again.progress == first.progress
    assert again.reasons == first.reasons and again.status == first.status
    assert list(again.transaction_ids) == list(first.transaction_ids)
    # The evidence read back a page at a time is the evidence computed, row for row.
    assert again.evidence(3, 40) == first.evidence(3, 40)
    assert again.evidence() == first.evidence()
    assert_exact(again, pledge)


def test_editing_a_transaction_value_shows_the_new_figure(client, pledge) -> None:
    before = shown(client, pledge)
    row = Transaction.objects.get(pk=before.transaction_ids[0])
    row.value += Decimal("1234.5")
    row.save()
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.progress.total != before.progress.total
    assert_exact(after, pledge)


def test_adding_a_transaction_to_an_activity_in_scope_shows_it(client, pledge) -> None:
    before = shown(client, pledge)
    activity = Activity.objects.get(transactions__pk=before.transaction_ids[0])
    added = Transaction.objects.create(
        activity=activity, type="2", date=date(2017, 5, 5), value=Decimal(999), currency="USD"
    )
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert added.pk in after.transaction_ids
    assert after.progress.total == before.progress.total + 999
    assert_exact(after, pledge)


def test_deleting_a_transaction_takes_it_out(client, pledge) -> None:
    before = shown(client, pledge)
    Transaction.objects.filter(pk=before.transaction_ids[-1]).delete()
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.count == before.count - 1
    assert_exact(after, pledge)


def test_deleting_a_transaction_keeps_the_loaders_fast_delete() -> None:
    # The fingerprint counts transactions instead of listening for deletes: a listener would
    # make every bulk delete of transactions (the loader's re-import) load each row first.
    assert not pre_delete.has_listeners(Transaction)
    assert not post_delete.has_listeners(Transaction)


def test_reimporting_a_changed_activity_shows_the_new_figure(client, pledge) -> None:
    before = shown(client, pledge)
    identifier = Activity.objects.get(transactions__pk=before.transaction_ids[0]).iati_identifier
    original = next(a for a in generate_portfolio(120, seed=3) if a.identifier == identifier)
    doubled = tuple(dataclasses.replace(t, value=t.value * 2) for t in original.transactions)
    counts = ActivityLoader(is_sample=True).load(
        [dataclasses.replace(original, transactions=doubled)]
    )
    assert counts.updated == 1
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.progress.total > before.progress.total
    assert_exact(after, pledge)
    # Loading the same file again changes nothing: the stored figure stays good.
    ActivityLoader(is_sample=True).load([dataclasses.replace(original, transactions=doubled)])
    assert shown(client, pledge).from_snapshot


@pytest.mark.parametrize("how", ["import", "admin"])
def test_changing_a_rate_shows_the_new_figure(client, portfolio, rates, how) -> None:
    pledge = make_pledge(money_currency="EUR")
    before = shown(client, pledge)
    if how == "import":  # a re-import replaces the stored rate in place (bulk_update)
        rates_import([RateRow("EUR", RatePeriod(2018), Decimal("0.95"), "Revised rates")])
    else:
        rate = ExchangeRate.objects.get(currency="EUR", year=2018, month=None)
        rate.units_per_usd = Decimal("0.95")
        rate.save()
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.progress.total != before.progress.total
    assert after.progress.by_year[2017] == before.progress.by_year[2017]
    assert after.progress.by_year[2018] != before.progress.by_year[2018]


def test_a_missing_rate_added_later_is_counted(client, portfolio) -> None:
    pledge = make_pledge(money_currency="XOF")  # a currency the ECB does not publish
    before = shown(client, pledge)
    assert before.progress.total == 0 and before.progress.unconverted
    rates_import([RateRow("XOF", RatePeriod(2016), Decimal("590.12"), "Late")])
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.count > 0
    assert len(after.progress.unconverted) < len(before.progress.unconverted)


@pytest.mark.parametrize(
    "change",
    [
        {"scope_rule": {"gender_markers": [2], "include_sample": True}},
        {"period_end": date(2017, 12, 31)},
        {"money_basis": Pledge.DISBURSEMENTS},
        {"money_currency": "GBP"},
    ],
    ids=["scope-rule", "period", "basis", "currency"],
)
def test_changing_the_pledge_shows_the_new_figure(client, pledge, change) -> None:
    before = shown(client, pledge)
    for name, value in change.items():
        setattr(pledge, name, value)
    pledge.full_clean()
    pledge.save()
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.progress != before.progress
    if "money_currency" not in change:
        assert_exact(after, pledge)


def test_listing_an_activity_in_scope_shows_its_transactions(client, portfolio, rates) -> None:
    pledge = make_pledge(scope_rule={})
    assert shown(client, pledge).count == 0
    counted = Transaction.objects.filter(type="2", date__year=2017, activity__gender_marker=2)
    activity = counted.first().activity
    pledge.scope_activities.add(activity)
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.count > 0
    assert_exact(after, pledge)


def test_changing_an_activitys_marker_or_tags_shows_the_new_figure(client, pledge) -> None:
    framework = Framework.objects.create(slug="fw", name="Framework", kind="strategy")
    pillar = Pillar.objects.create(framework=framework, slug="a", number=1, name="A")
    pledge.framework = framework
    pledge.save()
    before = shown(client, pledge)
    assert before.progress.by_pillar == {}
    activity = Activity.objects.get(transactions__pk=before.transaction_ids[0])
    # Tagging rules write tags in bulk, without signals.
    PillarTag.objects.bulk_create([PillarTag(activity=activity, pillar=pillar, automatic=True)])
    tagged = shown(client, pledge)
    assert_recomputed(tagged, pledge)
    assert tagged.progress.by_pillar[str(pillar.pk)] > 0
    activity.gender_marker = 0
    activity.save()
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert after.progress.total < before.progress.total
    assert_exact(after, pledge)


def test_a_change_behind_the_orm_is_caught_by_the_evidence(client, pledge) -> None:
    before = shown(client, pledge)
    # A raw delete of a counted row and a bulk insert elsewhere: no signal, no activity
    # touched, as many transactions as before, so the fingerprint cannot tell. The page's
    # evidence finds its row gone, drops the stored figure and recomputes.
    gone = Transaction.objects.get(pk=before.transaction_ids[0])
    Transaction.objects.filter(pk=gone.pk)._raw_delete(using="default")
    other = Transaction.objects.exclude(activity_id=gone.activity_id).first()
    other.pk = None
    Transaction.objects.bulk_create([other])
    after = shown(client, pledge)
    assert_recomputed(after, pledge)
    assert gone.pk not in after.transaction_ids
    assert_exact(after, pledge)


def test_refresh_pledges_stores_the_progress_of_every_stale_pledge(portfolio, rates) -> None:
    pledges = [make_pledge(f"pledge-{n}") for n in range(3)]
    make_pledge("no-period", period_start=None, period_end=None, scope_rule={})
    out = StringIO()
    call_command("refresh_pledges", stdout=out)
    assert "3 of 4 pledges recomputed" in out.getvalue()
    assert PledgeProgressSnapshot.objects.count() == 3
    for pledge in pledges:
        assert pledge_report(pledge).money.from_snapshot
    out = StringIO()
    call_command("refresh_pledges", stdout=out)
    assert "0 of 4 pledges recomputed" in out.getvalue()
    call_command("refresh_pledges", "--all", stdout=out)
    assert "3 of 4 pledges recomputed" in out.getvalue()
