"""Pledges, events and frameworks: the rules a ministry relies on when entering commitments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parity.commitments.models import Event, OutputTarget, Pledge
from parity.commitments.services import NO_TARGET, pledge_save
from parity.progress import Period

pytestmark = pytest.mark.django_db


def a_pledge(**fields) -> Pledge:
    values = {
        "slug": "p",
        "title": "A pledge",
        "period_start": date(2016, 1, 1),
        "period_end": date(2018, 12, 31),
        "money_amount": Decimal("1000"),
        "money_currency": "USD",
    }
    return Pledge(**{**values, **fields})


def test_it_saves_a_pledge_with_an_output_target_only() -> None:
    pledge = pledge_save(
        a_pledge(money_amount=None, money_currency=""),
        [{"description": "Women trained", "quantity": Decimal("5000"), "sex": "female"}],
    )
    assert pledge.output_targets.get().quantity == 5000


def test_it_refuses_a_pledge_with_neither_target_and_writes_nothing() -> None:
    with pytest.raises(ValidationError) as caught:
        pledge_save(a_pledge(money_amount=None, money_currency=""))
    assert caught.value.message_dict["money_amount"] == [NO_TARGET]
    assert not Pledge.objects.exists()


def test_its_period_is_known_only_when_the_source_gives_both_ends() -> None:
    assert a_pledge().period == Period(date(2016, 1, 1), date(2018, 12, 31))
    assert a_pledge(period_end=None).period is None
    assert a_pledge(period_start=None).period is None


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"period_end": date(2015, 1, 1)}, "period_end", "ends before it starts"),
        ({"money_amount": Decimal("0")}, "money_amount", "more than zero"),
        ({"money_currency": ""}, "money_currency", "needs a currency"),
        ({"money_currency": "ABC"}, "money_currency", "ISO 4217"),
    ],
)
def test_it_names_the_field_and_the_rule(fields: dict, field: str, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        pledge_save(a_pledge(**fields))
    assert rule in " ".join(caught.value.message_dict[field])
    assert not Pledge.objects.exists()


def test_it_refuses_a_zero_output_target_and_keeps_the_old_targets() -> None:
    pledge = pledge_save(
        a_pledge(), [{"description": "Students", "quantity": Decimal("50000"), "sex": "female"}]
    )
    with pytest.raises(ValidationError):
        pledge_save(pledge, [{"description": "Students", "quantity": Decimal("0")}])
    assert OutputTarget.objects.get().quantity == 50000


@pytest.mark.parametrize(
    "fields",
    [
        {"period_end": date(2015, 1, 1)},
        {"money_amount": Decimal("-5")},
        {"money_amount": Decimal("5"), "money_currency": ""},
    ],
)
def test_the_database_refuses_a_bad_pledge_too(fields: dict) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        a_pledge(**fields).save()


def test_it_refuses_an_event_that_ends_before_it_starts() -> None:
    event = Event(slug="e", name="E", kind="summit", start_date=date(2017, 5, 2))
    event.end_date = date(2017, 5, 1)
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "end_date" in caught.value.message_dict
