from datetime import date
from decimal import Decimal

import pytest

from parity.sample import generate_portfolio
from tests.sample.conftest import AS_OF


def test_recipient_percentages_sum_to_100(portfolio):
    for activity in portfolio:
        places = activity.recipient_countries + activity.recipient_regions
        if places:
            assert sum(p.percentage for p in places) == 100, activity.identifier
            assert 1 <= len(activity.recipient_countries) <= 3 or activity.recipient_regions


def test_sector_percentages_sum_to_100(portfolio):
    for activity in portfolio:
        if activity.sectors:
            assert 1 <= len(activity.sectors) <= 4
            assert sum(s.percentage for s in activity.sectors) == 100, activity.identifier
            assert all(s.vocabulary == "1" for s in activity.sectors)


def test_sector_and_country_are_on_every_transaction_or_on_the_activity(portfolio):
    per_transaction = [a for a in portfolio if not a.sectors]
    assert per_transaction, "the sample should include this IATI variant"
    for activity in per_transaction:
        assert not activity.recipient_countries
        assert all(t.sector_code and t.recipient_country for t in activity.transactions)
    for activity in portfolio:
        if activity.sectors:
            assert not any(t.sector_code for t in activity.transactions)


def test_some_activities_have_a_region_instead_of_countries(portfolio):
    assert any(a.recipient_regions and not a.recipient_countries for a in portfolio)


def test_activity_dates_are_in_order(portfolio):
    for activity in portfolio:
        dates = {d.type: d.iso_date for d in activity.dates}
        assert dates["1"] < dates["3"]
        if "2" in dates:
            assert dates["1"] <= dates["2"] <= AS_OF
        if "4" in dates:
            assert dates["2"] <= dates["4"] <= AS_OF


def test_status_follows_the_dates(portfolio):
    for activity in portfolio:
        types = {d.type for d in activity.dates}
        expected = "1" if "2" not in types else "2" if "4" not in types else activity.status
        assert activity.status == expected
    assert {a.status for a in portfolio} == {"1", "2", "3", "4"}


def test_commitments_come_first_then_flows_in_date_order(portfolio):
    for activity in portfolio:
        types = [t.type for t in activity.transactions]
        commitments = types.count("2")
        assert commitments >= 1
        assert types[:commitments] == ["2"] * commitments
        flows = activity.transactions[commitments:]
        assert [t.date for t in flows] == sorted(t.date for t in flows)
        assert all(t.date <= AS_OF for t in activity.transactions)
        if activity.status != "1":
            assert 5 <= len(activity.transactions) <= 20


def test_values_have_two_decimals_and_plausible_size(portfolio):
    for activity in portfolio:
        for transaction in activity.transactions:
            assert transaction.value.as_tuple().exponent == -2
            usd_scale = transaction.value / (140 if transaction.currency == "JPY" else 1)
            assert Decimal("5000") <= usd_scale <= Decimal("6000000")


def test_some_transactions_are_in_another_currency(portfolio):
    assert any(t.currency != a.default_currency for a in portfolio for t in a.transactions)


def test_budgets_cover_at_most_a_year_within_the_planned_dates(portfolio):
    for activity in portfolio:
        dates = {d.type: d.iso_date for d in activity.dates}
        assert activity.budgets
        for budget in activity.budgets:
            assert dates["1"] <= budget.period_start <= budget.period_end <= dates["3"]
            assert (budget.period_end - budget.period_start).days < 366
            assert budget.currency == activity.default_currency


@pytest.mark.parametrize("start_year, end_year", [(2020, 2020), (2010, 2012)])
def test_planned_starts_stay_within_the_years(start_year, end_year):
    for activity in generate_portfolio(200, start_year=start_year, end_year=end_year):
        planned_start = next(d.iso_date for d in activity.dates if d.type == "1")
        assert date(start_year, 1, 1) <= planned_start <= date(end_year, 12, 31)


def test_it_refuses_years_in_the_wrong_order():
    with pytest.raises(ValueError, match="start_year"):
        next(generate_portfolio(1, start_year=2025, end_year=2024))
