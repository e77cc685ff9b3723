from datetime import date
from decimal import Decimal

import pytest

from parity.progress import MoneyTarget, OutputTarget, Period, PledgeError


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Period(date(2018, 12, 31), date(2016, 1, 1)), "end"),
        (lambda: MoneyTarget(Decimal(0), "USD", "commitments"), "amount"),
        (lambda: MoneyTarget(Decimal(-5), "USD", "commitments"), "amount"),
        (lambda: MoneyTarget(3e9, "USD", "commitments"), "amount"),  # type: ignore[arg-type]
        (lambda: MoneyTarget(Decimal(1), "usd", "commitments"), "currency"),
        (lambda: MoneyTarget(Decimal(1), "USD", "pledges"), "basis"),  # type: ignore[arg-type]
        (lambda: OutputTarget(Decimal(0), "officials trained", "female"), "quantity"),
        (lambda: OutputTarget(Decimal(1), "students", "women"), "sex"),  # type: ignore[arg-type]
    ],
)
def test_it_names_the_field_in_error(make, field):
    with pytest.raises(PledgeError) as caught:
        make()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_a_one_day_period_is_allowed():
    day = date(2018, 5, 26)
    assert day in Period(day, day)


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (date(2015, 12, 31), Decimal(0)),
        (date(2016, 1, 1), Decimal(1) / Decimal(4)),
        (date(2016, 1, 2), Decimal(2) / Decimal(4)),
        (date(2016, 1, 4), Decimal(1)),
        (date(2020, 1, 1), Decimal(1)),
    ],
)
def test_the_elapsed_share_counts_whole_days(today, share):
    assert Period(date(2016, 1, 1), date(2016, 1, 4)).elapsed_share(today) == share


def test_money_targets_know_their_transaction_types():
    assert MoneyTarget(Decimal(1), "USD", "commitments").transaction_types == {"2"}
    assert MoneyTarget(Decimal(1), "USD", "disbursements").transaction_types == {"3", "4"}


def test_a_share_of_a_zero_or_negative_total_is_none_never_zero() -> None:
    from parity.progress import share_of

    assert share_of(Decimal("5"), Decimal("0")) is None
    assert share_of(Decimal("5"), Decimal("-10")) is None
    assert share_of(Decimal("0"), Decimal("10")) == 0
    assert share_of(Decimal("-1"), Decimal("4")) == Decimal("-0.25")
