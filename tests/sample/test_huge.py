from itertools import islice
from types import GeneratorType

import pytest

from parity.sample import SAMPLE_LABEL, generate_huge_activity, iter_transactions


def test_the_huge_activity_has_the_transactions_asked_for():
    activity = generate_huge_activity(3000, seed=1)
    assert len(activity.transactions) == 3000
    assert activity.identifier.endswith("-HUGE1")
    assert SAMPLE_LABEL in activity.titles[0].text
    dates = [t.date for t in activity.transactions]
    assert dates == sorted(dates)


@pytest.mark.parametrize("seed", range(40))
def test_its_sectors_and_countries_stay_at_activity_level(seed):
    # The streamed transactions carry none, so the activity must (IATI: one or the other).
    activity = generate_huge_activity(3, seed=seed)
    assert activity.sectors
    assert activity.recipient_countries or activity.recipient_regions


def test_its_transactions_can_be_streamed_instead():
    activity = generate_huge_activity(2500, seed=4)
    partner = next(p.org for p in activity.participating_orgs if p.role == "4")
    stream = iter_transactions(
        2500,
        4,
        currency=activity.default_currency,
        agency=activity.reporting_org,
        partner=partner,
    )
    assert isinstance(stream, GeneratorType)
    assert tuple(stream) == activity.transactions


def test_every_thousandth_transaction_is_a_commitment():
    types = [t.type for t in iter_transactions(2001)]
    assert [i for i, kind in enumerate(types) if kind == "2"] == [0, 1000, 2000]
    assert set(types) == {"2", "3", "4"}


def test_streaming_starts_at_once_whatever_the_size():
    assert len(list(islice(iter_transactions(10**9), 5))) == 5
