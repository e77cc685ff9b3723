from decimal import Decimal

import pytest

from parity.money import CurrencyMismatchError, Money


def test_it_adds_and_subtracts_in_one_currency():
    total = Money(Decimal("10.50"), "JPY") + Money(Decimal("2"), "JPY")
    assert total == Money(Decimal("12.50"), "JPY")
    assert total - Money(Decimal("0.50"), "JPY") == Money(Decimal("12"), "JPY")


def test_it_refuses_to_add_two_currencies():
    with pytest.raises(CurrencyMismatchError, match="JPY and USD"):
        Money(Decimal(1), "JPY") + Money(Decimal(1), "USD")


def test_it_is_immutable():
    money = Money(Decimal(1), "USD")
    with pytest.raises(AttributeError):
        money.amount = Decimal(2)  # type: ignore[misc]


def test_it_accepts_ints_as_exact_decimals():
    assert Money(5, "USD").amount == Decimal(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "currency", "error"),
    [
        (1.1, "USD", TypeError),  # floats carry binary rounding error
        (True, "USD", TypeError),
        ("1", "USD", TypeError),
        (Decimal("NaN"), "USD", ValueError),
        (Decimal("Infinity"), "USD", ValueError),
        (Decimal(1), "usd", ValueError),
        (Decimal(1), "US", ValueError),
        (Decimal(1), "", ValueError),
    ],
)
def test_it_refuses_bad_values(amount, currency, error):
    with pytest.raises(error):
        Money(amount, currency)
