from collections import Counter

from parity.iati.model import Activity
from parity.sample.indicators import GENDER

GENDER_TITLES = {t.title for templates in GENDER.values() for t in templates}


def _score(activity: Activity) -> str | None:
    marker = activity.gender_marker()
    return marker.significance if marker else None


def _gender_indicator_levels(activity: Activity) -> set[str]:
    return {
        result.type
        for result in activity.results
        for indicator in result.indicators
        if indicator.titles[0].text in GENDER_TITLES
    }


def test_the_gender_marker_spread_is_as_designed(portfolio):
    shares = {k: v / len(portfolio) for k, v in Counter(map(_score, portfolio)).items()}
    expected = {None: 0.20, "0": 0.35, "1": 0.35, "2": 0.10}
    for score, share in expected.items():
        assert abs(shares[score] - share) < 0.04, (score, shares)


def test_the_gender_sectors_are_mostly_principal(portfolio):
    scores = Counter(
        _score(a) for a in portfolio if a.sectors and a.sectors[0].code in ("15170", "15180")
    )
    assert scores["2"] / sum(scores.values()) > 0.6


def test_every_tenth_activity_claims_a_marker_it_does_not_back(portfolio):
    for index, activity in enumerate(portfolio):
        if index % 10 == 3:
            assert _score(activity) == "1"
            assert not _gender_indicator_levels(activity)
            assert not any(
                value.dimensions
                for result in activity.results
                for indicator in result.indicators
                for period in indicator.periods
                for value in period.targets + period.actuals
            )


def test_other_gender_focused_activities_have_their_indicators(portfolio):
    for index, activity in enumerate(portfolio):
        if index % 10 == 3:
            continue
        if _score(activity) == "2":
            assert _gender_indicator_levels(activity) >= {"1", "2"}, activity.identifier
        elif _score(activity) == "1":
            assert _gender_indicator_levels(activity), activity.identifier


def test_other_markers_appear_only_beside_a_gender_marker(portfolio):
    codes = Counter(m.code for a in portfolio for m in a.policy_markers)
    assert {"2", "3", "6", "7", "11"} <= set(codes)
    for activity in portfolio:
        if activity.policy_markers:
            assert activity.policy_markers[0].code == "1"
            assert all(m.significance in ("0", "1", "2") for m in activity.policy_markers)
