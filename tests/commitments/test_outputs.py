"""Output targets: the sum of matching indicator actuals, by sex where the target says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.activities.models import IndicatorValue
from parity.commitments.models import OutputTarget
from parity.commitments.scope import scope_activities
from parity.commitments.services import pledge_save
from parity.commitments.tracking.pledge import pledge_report

from .conftest import make_pledge

pytestmark = pytest.mark.django_db


def recount(pledge, words: list[str], sex: str) -> Decimal:
    """Independent: actual values of unit indicators of in-scope activities, by title word."""
    total = Decimal(0)
    in_scope = set(scope_activities(pledge).values_list("pk", flat=True))
    values = IndicatorValue.objects.filter(kind="actual").select_related(
        "period__indicator__result"
    )
    for v in values:
        indicator = v.period.indicator
        title = " ".join(t["text"] for t in indicator.titles).lower()
        if indicator.result.activity_id not in in_scope or indicator.measure != "1":
            continue
        if not any(w in title for w in words) or v.value is None or v.period.end is None:
            continue
        if not pledge.period_start <= v.period.end <= pledge.period_end:
            continue
        if v.sex == sex:
            total += v.value
    return total


@pytest.mark.parametrize("sex", ["female", "male", ""])
def test_it_sums_matching_actuals_by_sex(portfolio, sex) -> None:
    pledge = make_pledge(
        money_amount=None,
        money_currency="",
        scope_rule={"include_sample": True, "dates": "activity"},
    )
    pledge_save(
        pledge,
        [
            {
                "description": "People trained",
                "quantity": Decimal(5000),
                "unit": "people",
                "sex": sex,
                "indicator_keywords": "trained, students",
            }
        ],
    )
    report = pledge_report(pledge, today=date(2026, 1, 1))
    (output,) = report.outputs
    expected = recount(pledge, ["trained", "students"], sex)
    assert output.progress.total == expected
    assert sum(e.value for e in output.contributing) == expected
    if sex:
        assert expected > 0
        assert all(e.sex == sex for e in output.contributing)
        assert any(e.reason for e in output.excluded)


def test_it_never_adds_percentages(portfolio) -> None:
    pledge = make_pledge(
        money_amount=None,
        money_currency="",
        scope_rule={"include_sample": True, "dates": "activity"},
    )
    pledge_save(
        pledge,
        [
            {
                "description": "x",
                "quantity": Decimal(10),
                "unit": "%",
                "indicator_keywords": "percentage",
            }
        ],
    )
    output = pledge_report(pledge, today=date(2026, 1, 1)).outputs[0]
    assert output.progress.total == 0
    assert output.excluded and all("not a count" in e.reason for e in output.excluded)


def test_it_says_a_target_without_quantity_has_no_share(db) -> None:
    pledge = make_pledge()
    OutputTarget.objects.create(pledge=pledge, description="Unquantified", unit="people")
    report = pledge_report(pledge, today=date(2026, 1, 1))
    assert "no quantity" in report.output_problems[0][1]
