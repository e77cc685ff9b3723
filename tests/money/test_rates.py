from datetime import date
from decimal import Decimal

import pytest

from parity.money import Basis, MissingRateError, Money, RatePeriod, RateRow, RateTable


def row(currency, period, rate, source="test"):
    return RateRow(currency, period, Decimal(rate), source)


TABLE = RateTable(
    [
        row("JPY", RatePeriod(2018), "110.42", "OECD DAC"),
        row("JPY", RatePeriod(2018, 3), "106", "IMF"),
        row("JPY", RatePeriod(2018, 3, 15), "105", "central bank"),
        row("EUR", RatePeriod(2018), "0.8", "OECD DAC"),
    ]
)


@pytest.mark.parametrize(
    ("on", "rate", "basis", "source"),
    [
        (date(2018, 3, 15), "105", Basis.DAILY, "central bank"),
        (date(2018, 3, 16), "106", Basis.MONTHLY, "IMF"),
        (date(2018, 7, 1), "110.42", Basis.ANNUAL, "OECD DAC"),
    ],
)
def test_it_falls_back_from_day_to_month_to_year(on, rate, basis, source):
    conversion = TABLE.convert(Money(Decimal(1050), "JPY"), "USD", on)
    assert conversion.amount == Decimal(1050) / Decimal(rate)
    assert conversion.basis is basis
    assert conversion.source == source
    assert conversion.on == on


def test_it_converts_usd_by_multiplying():
    conversion = TABLE.convert(Money(Decimal(10), "USD"), "JPY", date(2018, 1, 1))
    assert conversion.amount == Decimal("1104.2")
    assert conversion.rate == Decimal("110.42")
    assert [leg.currency for leg in conversion.legs] == ["JPY"]


def test_it_crosses_through_usd_and_reports_the_coarsest_basis():
    conversion = TABLE.convert(Money(Decimal(1050), "JPY"), "EUR", date(2018, 3, 15))
    # 1050 JPY = 10 USD on the day; 10 USD = 8 EUR on the annual average.
    assert conversion.amount == Decimal(8)
    assert conversion.rate == Decimal("0.8") / Decimal(105)
    assert conversion.basis is Basis.ANNUAL
    assert conversion.source == "central bank; OECD DAC"
    assert conversion.money == Money(Decimal(8), "EUR")


def test_the_same_currency_is_exact_identity_without_any_rate():
    money = Money(Decimal("123.456789"), "GBP")
    conversion = RateTable().convert(money, "GBP", date(1990, 1, 1))
    assert conversion.amount == money.amount
    assert conversion.basis is Basis.SAME_CURRENCY
    assert conversion.legs == ()


@pytest.mark.parametrize(
    ("currency", "to", "on", "wanted"),
    [
        ("GBP", "USD", date(2018, 1, 1), "GBP"),
        ("JPY", "GBP", date(2018, 1, 1), "GBP"),
        ("JPY", "EUR", date(2019, 1, 1), "JPY or EUR"),  # no borrowing from another year
    ],
)
def test_a_missing_rate_is_reported_never_zero(currency, to, on, wanted):
    conversion = TABLE.convert(Money(Decimal(100), currency), to, on)
    assert conversion.amount is None
    assert not conversion.converted
    assert f"no rate for {wanted} on {on.isoformat()}" in conversion.reason
    with pytest.raises(MissingRateError):
        conversion.money  # noqa: B018


def test_it_refuses_two_rates_for_one_period():
    with pytest.raises(ValueError, match="two rates for JPY in 2018"):
        RateTable([row("JPY", RatePeriod(2018), "1"), row("JPY", RatePeriod(2018), "2")])


@pytest.mark.parametrize(
    ("currency", "rate"),
    [("JPY", "0"), ("JPY", "-1"), ("JPY", "NaN"), ("USD", "2"), ("jpy", "1")],
)
def test_a_rate_row_refuses_bad_values(currency, rate):
    with pytest.raises(ValueError):
        row(currency, RatePeriod(2018), rate)


@pytest.mark.parametrize(
    ("args", "text", "basis"),
    [
        ((2018,), "2018", Basis.ANNUAL),
        ((2018, 3), "2018-03", Basis.MONTHLY),
        ((2018, 3, 5), "2018-03-05", Basis.DAILY),
    ],
)
def test_a_period_prints_and_knows_its_basis(args, text, basis):
    assert str(RatePeriod(*args)) == text
    assert RatePeriod(*args).basis is basis


@pytest.mark.parametrize("args", [(2018, None, 5), (2018, 13), (2018, 2, 29), (0,)])
def test_a_period_refuses_impossible_dates(args):
    with pytest.raises(ValueError):
        RatePeriod(*args)
