"""G7 Ise-Shima 2016: train about 5,000 female administrative officials in 2016-18."""

from datetime import date
from decimal import Decimal

import pytest

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


def running(value, end, sex="female", cumulative=True, aggregable=True, activity="JP-1-A"):
    return IndicatorActual(
        activity, "students supported", end, Decimal(value), sex, aggregable, cumulative
    )


STUDENTS = OutputTarget(Decimal(50000), "female students supported", "female")


@pytest.mark.parametrize(
    ("rows", "total", "left_out"),
    [
        # running totals 2016, 2017, 2018: the latest is the total, never their sum (33,000)
        (
            [
                running(6000, date(2016, 12, 31)),
                running(11000, date(2017, 12, 31)),
                running(16000, date(2018, 12, 31)),
            ],
            16000,
            [OutputExclusion.SUPERSEDED, OutputExclusion.SUPERSEDED],
        ),
        # the latest inside the pledge period counts; one after it is outside the period
        (
            [running(11000, date(2017, 12, 31)), running(20000, date(2019, 6, 30))],
            11000,
            [OutputExclusion.OUTSIDE_PERIOD],
        ),
        # the same figures per period (not cumulative) add up
        (
            [
                running(6000, date(2016, 12, 31), cumulative=False),
                running(5000, date(2017, 12, 31), cumulative=False),
            ],
            11000,
            [],
        ),
        # two activities' running totals: the latest of each
        (
            [
                running(6000, date(2016, 12, 31)),
                running(9000, date(2017, 12, 31)),
                running(4000, date(2017, 12, 31), activity="JP-1-B"),
            ],
            13000,
            [OutputExclusion.SUPERSEDED],
        ),
        # aggregation-status false: never added up
        (
            [
                running(6000, date(2016, 12, 31), cumulative=False, aggregable=False),
                running(5000, date(2017, 12, 31), cumulative=False),
            ],
            5000,
            [OutputExclusion.NOT_AGGREGABLE],
        ),
    ],
)
def test_cumulative_and_non_aggregable_actuals(rows, total, left_out):
    progress = output_progress(STUDENTS, PERIOD, rows)
    assert progress.total == Decimal(total)
    assert [e.reason for e in progress.excluded] == left_out
