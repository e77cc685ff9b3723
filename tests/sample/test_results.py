from decimal import Decimal

from parity.sample.results import FEMALE, MALE
from tests.sample.conftest import AS_OF


def _indicators(activity):
    for result in activity.results:
        yield from result.indicators


def _periods(portfolio):
    for activity in portfolio:
        for indicator in _indicators(activity):
            for period in indicator.periods:
                yield indicator, period


def test_results_have_one_to_three_results_and_indicators(portfolio):
    for activity in portfolio:
        assert 1 <= len(activity.results) <= 3
        assert all(1 <= len(r.indicators) <= 3 for r in activity.results)
        assert {r.type for r in activity.results} <= {"1", "2"}


def test_periods_are_at_most_a_year_and_in_order(portfolio):
    for _, period in _periods(portfolio):
        assert period.start <= period.end
        assert period.start.year == period.end.year
        assert period.targets


def test_no_actual_is_reported_after_the_data_date(portfolio):
    for _, period in _periods(portfolio):
        if period.end > AS_OF:
            assert not period.actuals


def test_some_past_periods_lack_actuals(portfolio):
    past = [period for _, period in _periods(portfolio) if period.end <= AS_OF]
    missing = sum(1 for period in past if not period.actuals)
    assert 0.05 < missing / len(past) < 0.15


def test_sex_disaggregated_actuals_use_female_and_male_rows(portfolio):
    split = [
        period
        for _, period in _periods(portfolio)
        if len(period.actuals) == 2 and period.actuals[0].dimensions == FEMALE
    ]
    assert len(split) > 100
    for period in split:
        assert period.actuals[1].dimensions == MALE
        assert [t.dimensions for t in period.targets] == [FEMALE, MALE]


def test_dimensions_are_normalised(portfolio):
    dimensions = {
        d for _, p in _periods(portfolio) for v in p.targets + p.actuals for d in v.dimensions
    }
    assert {(d.name, d.value, d.norm_name, d.norm_value) for d in dimensions} == {
        ("sex", "female", "sex", "female"),
        ("sex", "male", "sex", "male"),
    }


def test_percentages_stay_between_0_and_100(portfolio):
    for indicator, period in _periods(portfolio):
        if indicator.measure == "2":
            for value in period.targets + period.actuals:
                assert Decimal(0) <= value.value <= Decimal(100)


def test_most_indicators_count_units(portfolio):
    measures = [i.measure for a in portfolio for i in _indicators(a)]
    assert 0.5 < measures.count("1") / len(measures) < 0.9
