"""The WAW! 2016 pledge: over US$3 billion for women in developing countries, 2016-2018."""

from datetime import date
from decimal import Decimal

import pytest

from parity.money import Basis, RatePeriod, RateRow, RateTable
from parity.progress import (
    Exclusion,
    MoneyTarget,
    Period,
    TransactionRow,
    money_progress,
)

TARGET = MoneyTarget(Decimal(3_000_000_000), "USD", "commitments")
PERIOD = Period(date(2016, 1, 1), date(2018, 12, 31))
RATES = RateTable(
    [
        RateRow("JPY", RatePeriod(2016), Decimal(100), "OECD DAC"),
        RateRow("JPY", RatePeriod(2017), Decimal(110), "OECD DAC"),
        RateRow("JPY", RatePeriod(2017, 6), Decimal(125), "IMF"),
    ]
)


def tx(value, *, type_code="2", day=date(2016, 6, 1), currency="JPY", marker="2", **kwargs):
    return TransactionRow(
        activity_id=kwargs.pop("activity_id", "JP-1-A"),
        type_code=type_code,
        date=day,
        value=Decimal(value),
        currency=currency,
        gender_marker=marker,
        **kwargs,
    )


def test_it_counts_the_right_rows_and_says_why_it_left_the_others_out():
    rows = [
        tx(100_000_000_000, pillars=("rights", "leadership")),  # 1e9 USD at 100
        tx(55_000_000_000, day=date(2017, 3, 1), marker="1", pillars=("rights",)),  # 0.5e9
        tx(50_000_000, currency="USD", day=date(2018, 1, 1)),  # USD needs no rate
        tx(1, type_code="3"),
        tx(1, day=date(2015, 12, 31)),
        tx(1, day=date(2019, 1, 1)),
        tx(1, marker="0"),
        tx(1, marker=None),
        tx(1, day=date(2018, 5, 1)),  # no JPY rate for 2018
    ]
    progress = money_progress(TARGET, PERIOD, rows, RATES, principal_only=True)

    assert progress.total == Decimal(1_550_000_000)
    assert progress.share == Decimal("0.5166666666666666666666666667")
    assert progress.by_year == {
        2016: Decimal(1_000_000_000),
        2017: Decimal(500_000_000),
        2018: Decimal(50_000_000),
    }
    # Counted under each of its pillars: pillar totals may exceed the total.
    assert progress.by_pillar == {
        "leadership": Decimal(1_000_000_000),
        "rights": Decimal(1_500_000_000),
    }
    assert progress.without_pillar == Decimal(50_000_000)
    assert progress.principal_only == Decimal(1_050_000_000)
    assert [c.row for c in progress.contributions] == rows[:3]
    assert [(e.row, e.reason) for e in progress.excluded] == [
        (rows[3], Exclusion.WRONG_TYPE),
        (rows[4], Exclusion.OUTSIDE_PERIOD),
        (rows[5], Exclusion.OUTSIDE_PERIOD),
        (rows[6], Exclusion.NOT_TARGETED),
        (rows[7], Exclusion.NOT_SCREENED),
        (rows[8], Exclusion.MISSING_RATE),
    ]
    assert [e.row for e in progress.unconverted] == [rows[8]]
    assert "no rate for JPY on 2018-05-01" in progress.unconverted[0].detail
    assert not progress.complete
    assert not progress.matched_nothing


def test_it_converts_at_the_value_date_and_records_the_rate_used():
    row = tx(125_000, day=date(2016, 12, 20), value_date=date(2017, 6, 2))
    contribution = money_progress(TARGET, PERIOD, [row], RATES).contributions[0]
    assert contribution.amount == Decimal(1000)
    assert contribution.conversion.basis is Basis.MONTHLY
    assert contribution.conversion.source == "IMF"
    # The period and the year follow the transaction date, not the value date.
    assert money_progress(TARGET, PERIOD, [row], RATES).by_year == {2016: Decimal(1000)}


@pytest.mark.parametrize(
    ("basis", "counted"),
    [("commitments", {"2"}), ("disbursements", {"3", "4"})],
)
def test_the_basis_picks_the_transaction_types(basis, counted):
    rows = [tx(1, type_code=str(code), currency="USD") for code in range(1, 14)]
    target = MoneyTarget(Decimal(10), "USD", basis)
    progress = money_progress(target, PERIOD, rows, RATES)
    assert {c.row.type_code for c in progress.contributions} == counted


def test_a_negative_commitment_reduces_the_total():
    rows = [tx(100, currency="USD"), tx(-30, currency="USD")]
    assert money_progress(TARGET, PERIOD, rows, RATES).total == Decimal(70)


def test_a_scope_that_matches_nothing_gives_zero_with_a_warning():
    progress = money_progress(TARGET, PERIOD, [tx(1, type_code="3")], RATES)
    assert progress.total == 0
    assert progress.matched_nothing
    assert progress.principal_only is None  # not asked for


def test_rows_that_only_lack_rates_are_not_reported_as_matching_nothing():
    progress = money_progress(TARGET, PERIOD, [tx(1, day=date(2018, 5, 1))], RATES)
    assert progress.total == 0
    assert not progress.matched_nothing
    assert len(progress.unconverted) == 1
