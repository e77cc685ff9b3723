from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parity.commitments.models import Pledge
from parity.commitments.services import pledge_save

pytestmark = pytest.mark.django_db


def pledge(**fields) -> Pledge:
    base = {
        "slug": "p",
        "title": "P",
        "money_amount": Decimal(10),
        "money_currency": "USD",
        "period_start": date(2016, 1, 1),
        "period_end": date(2018, 12, 31),
    }
    return Pledge(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"period_end": date(2015, 1, 1)}, "period_end"),
        ({"money_amount": Decimal(0)}, "money_amount"),
        ({"money_currency": ""}, "money_currency"),
        ({"scope_rule": {"gender_markers": [0]}}, "scope_rule"),
        ({"scope_rule": {"dates": "activity"}, "period_end": None}, "scope_rule"),
    ],
)
def test_it_refuses_a_bad_pledge_naming_the_field(fields, field) -> None:
    with pytest.raises(ValidationError) as caught:
        pledge_save(pledge(**fields))
    assert field in caught.value.message_dict
    assert not Pledge.objects.exists()


def test_it_refuses_an_output_target_of_zero() -> None:
    with pytest.raises(ValidationError) as caught:
        pledge_save(pledge(), [{"description": "x", "quantity": Decimal(0)}])
    assert "quantity" in caught.value.message_dict
    assert not Pledge.objects.exists()


def test_it_allows_a_scope_that_matches_nothing() -> None:
    saved = pledge_save(pledge(scope_rule={"countries": ["TH"]}))
    assert saved.pk
