"""Properties of conversion that must hold for any amounts, rates and dates."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parity.money import Money, RatePeriod, RateRow, RateTable

CURRENCIES = ["USD", "JPY", "EUR", "XOF", "GBP"]

amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)
rates = st.decimals(
    min_value=Decimal("0.000001"), max_value=Decimal("1000000"), places=6, allow_nan=False
).filter(lambda r: r > 0)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
currencies = st.sampled_from(CURRENCIES)


def close(a: Decimal, b: Decimal, scale: Decimal) -> bool:
    # Decimal keeps 28 significant digits; 1e-20 relative leaves room for a few roundings.
    return abs(a - b) <= (abs(scale) + 1) * Decimal("1e-20")


def annual_table(year: int, rates: dict[str, Decimal]) -> RateTable:
    return RateTable(RateRow(c, RatePeriod(year), r, "s") for c, r in rates.items() if c != "USD")


@st.composite
def tables(draw):
    """Annual rates for some non-USD currencies and years, plus a few monthly ones."""
    rows = {}
    for currency in draw(st.sets(st.sampled_from(CURRENCIES[1:]))):
        for year in draw(st.sets(st.integers(2000, 2030), max_size=5)):
            rows[(currency, RatePeriod(year))] = draw(rates)
            if draw(st.booleans()):
                rows[(currency, RatePeriod(year, draw(st.integers(1, 12))))] = draw(rates)
    return RateTable(RateRow(c, p, r, "s") for (c, p), r in rows.items())


@given(amounts, currencies, days, tables())
def test_converting_to_the_same_currency_is_identity(amount, currency, on, table):
    conversion = table.convert(Money(amount, currency), currency, on)
    assert conversion.amount == amount


@given(amounts, currencies, currencies, days, rates, rates)
def test_a_round_trip_returns_the_original_within_rounding(amount, a, b, on, rate_a, rate_b):
    table = annual_table(on.year, {a: rate_a, b: rate_b})
    there = table.convert(Money(amount, a), b, on).money
    back = table.convert(there, a, on)
    assert close(back.amount, amount, amount)


@given(st.lists(amounts, max_size=20), currencies, currencies, days, rates, rates)
def test_the_sum_of_conversions_is_the_conversion_of_the_sum(values, a, b, on, rate_a, rate_b):
    table = annual_table(on.year, {a: rate_a, b: rate_b})
    one_by_one = sum(table.convert(Money(v, a), b, on).amount for v in values)
    all_at_once = table.convert(Money(sum(values, Decimal(0)), a), b, on).amount
    scale = sum((abs(v) for v in values), Decimal(0)) * table.convert(Money(1, a), b, on).rate
    assert close(one_by_one, all_at_once, scale)


@given(amounts, currencies, currencies, days, tables())
def test_a_missing_rate_never_becomes_zero(amount, a, b, on, table):
    conversion = table.convert(Money(amount, a), b, on)
    has_rate = all(c == "USD" or table.rate(c, on) is not None for c in (a, b))
    if a == b or has_rate:
        assert conversion.amount is not None
    else:
        assert conversion.amount is None
        assert conversion.reason
