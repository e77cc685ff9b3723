"""Properties of money progress that must hold for any evidence rows."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import given
from hypothesis import strategies as st

from parity.money import RatePeriod, RateRow, RateTable
from parity.progress import MoneyTarget, Period, TransactionRow, money_progress

PERIOD = Period(date(2016, 1, 1), date(2018, 12, 31))
# JPY has rates for 2015-2017 only, so 2018 JPY rows exercise the missing-rate path.
RATES = RateTable(
    RateRow("JPY", RatePeriod(year), Decimal(100 + year - 2015), "s") for year in (2015, 2016, 2017)
)
TARGET = MoneyTarget(Decimal(1000), "USD", "disbursements")


def rows(values=None):
    return st.builds(
        TransactionRow,
        activity_id=st.sampled_from(["A", "B", "C"]),
        type_code=st.sampled_from(["1", "2", "3", "4", "11"]),
        date=st.dates(date(2015, 1, 1), date(2019, 12, 31)),
        value=values
        if values is not None
        else st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False),
        currency=st.sampled_from(["USD", "JPY"]),
        value_date=st.none() | st.dates(date(2015, 1, 1), date(2019, 12, 31)),
        gender_marker=st.sampled_from([None, "0", "1", "2"]),
        pillars=st.lists(st.sampled_from(["rights", "capacity", "leadership"])).map(tuple),
    )


def independent_total(transactions):
    """The total recomputed from the raw rows, without the module's code."""
    total = Decimal(0)
    for row in transactions:
        if row.type_code not in ("3", "4") or not date(2016, 1, 1) <= row.date <= date(
            2018, 12, 31
        ):
            continue
        if row.gender_marker not in ("1", "2"):
            continue
        if row.currency == "USD":
            total += row.value
            continue
        year = (row.value_date or row.date).year
        if year in (2015, 2016, 2017):
            # Each contribution is rounded to a millionth of a dollar (AMOUNT_QUANTUM).
            converted = row.value / Decimal(100 + year - 2015)
            total += converted.quantize(Decimal("0.000001"), ROUND_HALF_EVEN)
    return total


@given(st.lists(rows()))
def test_the_total_matches_an_independent_sum(transactions):
    progress = money_progress(TARGET, PERIOD, transactions, RATES)
    assert progress.total == independent_total(transactions)
    # Every row is accounted for exactly once, counted or excluded with a reason.
    assert len(progress.contributions) + len(progress.excluded) == len(transactions)


@given(st.lists(rows()), rows(), st.integers(1, 5000), st.booleans())
def test_a_row_outside_the_period_never_changes_the_total(transactions, extra, days, after):
    outside = PERIOD.end + timedelta(days) if after else PERIOD.start - timedelta(days)
    moved = replace(extra, date=outside)
    before = money_progress(TARGET, PERIOD, transactions, RATES)
    with_it = money_progress(TARGET, PERIOD, [*transactions, moved], RATES)
    assert with_it.total == before.total
    assert with_it.unconverted == before.unconverted


@given(st.lists(rows()))
def test_the_years_add_up_to_the_total(transactions):
    progress = money_progress(TARGET, PERIOD, transactions, RATES)
    assert sum(progress.by_year.values(), Decimal(0)) == progress.total
    # Pillars count a row under each of its pillars, so they cover at least the total.
    pillar_sum = sum(progress.by_pillar.values(), Decimal(0)) + progress.without_pillar
    non_negative = all(c.amount >= 0 for c in progress.contributions)
    assert pillar_sum >= progress.total or not non_negative


@given(st.lists(rows(st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False))))
def test_principal_only_never_exceeds_the_total(transactions):
    # Holds for non-negative values; a negative significant-marker row (a decommitment)
    # can legitimately push the total below the principal part.
    progress = money_progress(TARGET, PERIOD, transactions, RATES, principal_only=True)
    assert progress.principal_only is not None
    assert progress.principal_only <= progress.total
