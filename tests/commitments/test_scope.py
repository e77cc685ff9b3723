from __future__ import annotations

from datetime import date

import pytest

from parity.activities.models import Activity
from parity.commitments.scope import scope_activities
from parity.commitments.scope_rule import (
    ScopeRule,
    ScopeRuleError,
    describe_rule,
    parse_scope_rule,
)

from .conftest import make_pledge

NAMES = {"TH": "Thailand", "VN": "Viet Nam"}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, "No rule: only the activities listed one by one count."),
        (
            {
                "reporting_orgs": ["XM-DAC-701-8"],
                "gender_markers": [1, 2],
                "countries": ["TH", "VN"],
            },
            "Activities reported by XM-DAC-701-8, scored 1 or 2 on the gender marker, in "
            "Thailand or Viet Nam. Synthetic sample data is left out.",
        ),
        (
            {"sectors": ["151", "15170"], "dates": "transactions", "gender_markers": ["2"]},
            "Activities scored 2 on the gender marker, in sector 151… or 15170, with a "
            "transaction dated in the pledge period.",
        ),
    ],
)
def test_it_describes_a_rule_in_plain_words(data, words) -> None:
    assert describe_rule(parse_scope_rule(data), country_names=NAMES).startswith(words)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"gender_markers": [0]}, "gender_markers"),
        ({"gender_markers": [3]}, "gender_markers"),
        ({"countries": ["Thailand"]}, "countries"),
        ({"countries": ["QQ"]}, "countries"),
        ({"sectors": ["15a"]}, "sectors"),
        ({"dates": "sometimes"}, "dates"),
        ({"pillars": ["no-colon"]}, "pillars"),
        ({"colour": "red"}, "scope_rule"),
        ({"include_sample": "yes"}, "include_sample"),
    ],
)
def test_it_refuses_a_bad_rule_naming_the_criterion(data, field) -> None:
    with pytest.raises(ScopeRuleError) as caught:
        parse_scope_rule(data, known_countries={"TH", "VN"})
    assert field in caught.value.problems


def test_it_round_trips_a_rule() -> None:
    rule = parse_scope_rule({"countries": ["th"], "gender_markers": [2, 1]})
    assert rule == ScopeRule(countries=("TH",), gender_markers=(1, 2))
    assert parse_scope_rule(rule.as_json()) == rule


@pytest.mark.django_db
def test_it_selects_by_rule_and_list_as_a_union(portfolio) -> None:
    countries = {"countries": ["KE"], "include_sample": True}
    pledge = make_pledge(scope_rule=countries)
    by_rule = set(scope_activities(pledge))
    assert by_rule == set(Activity.objects.filter(recipient_countries__code="KE"))
    extra = Activity.objects.exclude(pk__in=[a.pk for a in by_rule]).first()
    pledge.scope_activities.add(extra)
    assert set(scope_activities(pledge)) == by_rule | {extra}


@pytest.mark.django_db
def test_it_never_lets_sample_data_into_a_rule_without_saying_so(portfolio) -> None:
    pledge = make_pledge(scope_rule={"gender_markers": [1, 2]})
    assert not scope_activities(pledge).exists()
    pledge.scope_rule = {"gender_markers": [1, 2], "include_sample": True}
    assert (
        scope_activities(pledge).count()
        == Activity.objects.filter(gender_marker__in=[1, 2]).count()
    )


@pytest.mark.django_db
def test_it_selects_by_sector_prefix_and_activity_dates(portfolio) -> None:
    pledge = make_pledge(scope_rule={"sectors": ["1"], "dates": "activity", "include_sample": True})
    for activity in scope_activities(pledge):
        assert activity.sectors.filter(code__startswith="1", vocabulary="1").exists()
        assert activity.start_date <= date(2020, 12, 31)
        assert activity.end_date is None or activity.end_date >= date(2016, 1, 1)


@pytest.mark.django_db
def test_it_leaves_the_seed_pledges_without_sample_data(portfolio) -> None:
    from parity.commitments.seed import load_seed

    load_seed()
    from parity.commitments.models import Pledge

    for pledge in Pledge.objects.all():
        assert not scope_activities(pledge).filter(is_sample=True).exists()
