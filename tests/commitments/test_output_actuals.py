"""Output actuals as IATI means them: running totals are never summed across periods, and an
indicator published with aggregation-status false is never added up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.activities.loader import ActivityLoader
from parity.commitments.services import pledge_save
from parity.commitments.tracking.pledge import pledge_report
from parity.iati import model as iati

from .conftest import make_pledge

pytestmark = pytest.mark.django_db
FEMALE = iati.Dimension("sex", "female", "sex", "female")


def period(start: date, end: date, amount: int) -> iati.IndicatorPeriod:
    return iati.IndicatorPeriod(
        start=start, end=end, actuals=(iati.PeriodValue(Decimal(amount), (FEMALE,)),)
    )


def students(identifier: str, title: str, *periods, aggregation=None) -> iati.Activity:
    indicator = iati.Indicator(
        measure="1",
        titles=(iati.Narrative(title),),
        periods=periods,
        aggregation_status=aggregation,
    )
    return iati.Activity(
        identifier=identifier,
        reporting_org=iati.OrgRef(ref="XM-TEST"),
        titles=(iati.Narrative("Scholarships for girls"),),
        dates=(
            iati.ActivityDate("2", date(2016, 1, 1)),
            iati.ActivityDate("4", date(2018, 12, 31)),
        ),
        policy_markers=(iati.PolicyMarker("1", "2"),),
        results=(iati.Result("1", indicators=(indicator,)),),
    )


START = date(2016, 1, 1)
CASES = [
    # the same start, three ends: running totals; the latest one is the count
    (
        students(
            "XM-TEST-RUN",
            "Female students supported",
            period(START, date(2016, 12, 31), 6000),
            period(START, date(2017, 12, 31), 11000),
            period(START, date(2018, 12, 31), 16000),
        ),
        16000,
    ),
    # the title says cumulative
    (
        students(
            "XM-TEST-WORD",
            "Cumulative number of female students supported",
            period(date(2016, 1, 1), date(2016, 12, 31), 6000),
            period(date(2017, 1, 1), date(2017, 12, 31), 11000),
        ),
        11000,
    ),
    # each year's own figure: added up
    (
        students(
            "XM-TEST-YEARS",
            "Female students supported",
            period(date(2016, 1, 1), date(2016, 12, 31), 6000),
            period(date(2017, 1, 1), date(2017, 12, 31), 5000),
        ),
        11000,
    ),
    # aggregation-status false: never added up
    (
        students(
            "XM-TEST-NOAGG",
            "Female students supported",
            period(date(2016, 1, 1), date(2016, 12, 31), 6000),
            aggregation=False,
        ),
        0,
    ),
]


@pytest.mark.parametrize(("activity", "total"), CASES, ids=[c[0].identifier for c in CASES])
def test_output_actuals_follow_cumulative_and_aggregation_status(activity, total) -> None:
    ActivityLoader().load([activity])
    pledge = make_pledge(
        money_amount=None,
        money_currency="",
        scope_rule={"dates": "activity"},
    )
    pledge_save(
        pledge,
        [
            {
                "description": "Female students supported",
                "quantity": Decimal(50000),
                "unit": "students",
                "sex": "female",
                "indicator_keywords": "students",
            }
        ],
    )
    (output,) = pledge_report(pledge, today=date(2026, 1, 1)).outputs
    assert output.progress.total == Decimal(total)
