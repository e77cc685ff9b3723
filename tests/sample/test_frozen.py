from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from parity.iati.model import Activity, Budget, OrgRef, Transaction
from parity.sample.frozen import maker

DAY = date(2024, 5, 1)

CASES = [
    (
        Transaction,
        {
            "type": "3",
            "date": DAY,
            "value": Decimal("10.00"),
            "currency": "USD",
            "value_date": DAY,
            "receiver": OrgRef(ref="XM-X"),
        },
    ),
    (
        Budget,
        {
            "period_start": DAY,
            "period_end": DAY,
            "value": Decimal(1),
            "currency": "EUR",
            "value_date": DAY,
            "status": "2",
        },
    ),
    (
        Activity,
        {"identifier": "XM-1", "reporting_org": OrgRef(ref="XM"), "status": "2", "source_line": 7},
    ),
]


@pytest.mark.parametrize("cls, values", CASES)
def test_it_builds_what_the_dataclass_builds(cls, values):
    fast, normal = maker(cls)(**values), cls(**values)
    assert fast == normal
    assert hash(fast) == hash(normal)
    assert repr(fast) == repr(normal)


def test_the_result_stays_frozen():
    budget = maker(Budget)(**CASES[1][1])
    with pytest.raises(AttributeError):
        budget.value = Decimal(2)


@pytest.mark.parametrize("values", [{"type": "3"}, {**CASES[0][1], "colour": "red"}])
def test_it_refuses_missing_or_unknown_fields(values):
    with pytest.raises(TypeError, match="missing or unknown"):
        maker(Transaction)(**values)


def test_it_refuses_a_class_with_post_init():
    @dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="__post_init__"):
        maker(Checked)
