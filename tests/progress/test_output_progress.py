"""G7 Ise-Shima 2016: train about 5,000 female administrative officials in 2016-18."""

from datetime import date
from decimal import Decimal

from parity.progress import (
    IndicatorActual,
    OutputExclusion,
    OutputTarget,
    Period,
    output_progress,
)

PERIOD = Period(date(2016, 1, 1), date(2018, 12, 31))


def actual(value, sex=None, end=date(2017, 12, 31)):
    return IndicatorActual("JP-1-A", "officials trained", end, Decimal(value), sex)


ROWS = [
    actual(1200, "female"),
    actual(800, "male"),
    actual(2000),  # the total of the two rows above
    actual(900, "female", end=date(2019, 3, 31)),
    actual(1500, "female", end=date(2018, 12, 31)),
]


def test_a_target_for_women_counts_only_female_actuals():
    target = OutputTarget(Decimal(5000), "female administrative officials trained", "female")
    progress = output_progress(target, PERIOD, ROWS)
    assert progress.total == Decimal(2700)
    assert progress.share == Decimal("0.54")
    assert progress.contributions == (ROWS[0], ROWS[4])
    assert [(e.actual, e.reason) for e in progress.excluded] == [
        (ROWS[1], OutputExclusion.OTHER_SEX),
        (ROWS[2], OutputExclusion.NOT_DISAGGREGATED),
        (ROWS[3], OutputExclusion.OUTSIDE_PERIOD),
    ]


def test_a_target_without_sex_counts_totals_not_their_breakdown():
    progress = output_progress(OutputTarget(Decimal(4000), "officials trained"), PERIOD, ROWS)
    assert progress.total == Decimal(2000)
    assert progress.contributions == (ROWS[2],)


def test_no_matching_actual_gives_zero_with_a_warning():
    target = OutputTarget(Decimal(50000), "female students supported", "female")
    progress = output_progress(target, PERIOD, [actual(10)])
    assert progress.total == 0
    assert progress.matched_nothing
