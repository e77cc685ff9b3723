from datetime import date
from decimal import Decimal

import pytest

from parity.progress import ON_TRACK_TOLERANCE, STATUS_RULES, Period, Status, pledge_status

PERIOD = Period(date(2016, 1, 1), date(2018, 12, 31))
HALFWAY = date(2017, 7, 1)  # 548 of 1,096 days


@pytest.mark.parametrize(
    ("share", "today", "has_data", "status"),
    [
        ("0", date(2015, 6, 1), True, Status.NOT_STARTED),
        ("0.2", date(2015, 6, 1), True, Status.NOT_STARTED),  # early data before the period
        # Nothing counts: before the period that is "not started"; from its first day on,
        # Parity cannot tell no effort from no data, so it never says "not started".
        ("0", date(2015, 12, 31), False, Status.NOT_STARTED),
        ("0", date(2016, 1, 1), False, Status.CANNOT_VERIFY),
        ("0", HALFWAY, False, Status.CANNOT_VERIFY),
        ("0", date(2018, 12, 31), False, Status.CANNOT_VERIFY),
        ("0", date(2019, 1, 1), False, Status.CANNOT_VERIFY),
        ("0", date(2019, 1, 1), True, Status.NOT_ACHIEVED),
        ("1", HALFWAY, True, Status.ACHIEVED),
        ("1.2", date(2019, 1, 1), True, Status.ACHIEVED),
        ("0.99", date(2019, 1, 1), True, Status.NOT_ACHIEVED),
        ("0.5", HALFWAY, True, Status.ON_TRACK),
        ("0.45", HALFWAY, True, Status.ON_TRACK),  # exactly 90% of the elapsed half
        ("0.4499", HALFWAY, True, Status.AT_RISK),
        ("0", date(2016, 1, 1), True, Status.AT_RISK),
        ("-0.1", HALFWAY, True, Status.AT_RISK),
    ],
)
def test_it_applies_the_rules_in_order(share, today, has_data, status):
    assert pledge_status(Decimal(share), PERIOD, today, has_data=has_data) is status


def test_every_status_has_a_rule_the_ui_can_show():
    assert {rule.status for rule in STATUS_RULES} == set(Status)
    assert all(rule.text.startswith(f"{rule.status}: ") for rule in STATUS_RULES)


def test_the_rule_text_states_the_tolerance_in_use():
    on_track = next(rule for rule in STATUS_RULES if rule.status is Status.ON_TRACK)
    assert f"{ON_TRACK_TOLERANCE * 100:.0f}%" in on_track.text
