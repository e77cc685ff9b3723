"""The home page, and what every page of the site promises: nothing loaded from elsewhere."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.commitments.seed import load_seed
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(60))


def test_the_home_page_says_what_parity_is_and_links_the_seed(client: Client, demo) -> None:
    page = client.get("/").content.decode()
    assert "gender equality" in page
    for link in ["/activities/", "/pledges/", "/frameworks/", "/events/"]:
        assert f'href="{link}' in page
    assert "Over US$3 billion of ODA" in page


def test_the_home_pages_event_months_read_as_the_language_writes_them(client: Client) -> None:
    load_seed()
    japanese = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "2018年10月" in japanese and "10月 2018" not in japanese


def test_no_page_loads_anything_from_outside_parity(client: Client, demo) -> None:
    for url in ["/", "/activities/", "/pledges/", "/frameworks/", "/events/"]:
        page = client.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', page), url


def test_pages_are_readable_on_a_phone(client: Client, demo) -> None:
    assert 'name="viewport"' in client.get("/").content.decode()
