"""Public pages are cached exactly: the next change to the aid data is always seen.

These tests commit for real (``transaction=True``), because the generation moves only when a
write commits; tests/conftest.py turns the cache off for tests that never commit.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parity.activities.bulk import insert_rows
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Transaction
from parity.analytics.facts import facts_refresh
from parity.analytics.models import FigureCache
from parity.commitments.models import Pledge
from parity.commitments.seed import load_seed
from parity.pagekit import freshness
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data() -> Activity:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(12, seed=5))
    facts_refresh()
    return Activity.objects.filter(is_sample=True).order_by("iati_identifier").first()


def main_part(page: str) -> str:
    """The page without its header, whose form tokens change with every response."""
    return page[page.index('<main id="main">') :]


def queries_for(client: Client, url: str, **headers: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def test_a_committed_write_moves_the_generation_once_and_a_rolled_back_one_not_at_all(
    data: Activity,
) -> None:
    before = freshness.current()
    with transaction.atomic():
        Activity.objects.filter(pk=data.pk).update(scope="2")
        Activity.objects.filter(pk=data.pk).update(scope="1")
        assert freshness.current() == before  # not before the commit
    assert freshness.current() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Activity.objects.filter(pk=data.pk).update(scope="2")
        raise RuntimeError("abandon")
    assert freshness.current() == before + 1

    Activity.objects.filter(pk=data.pk).update(scope="3")  # autocommit
    assert freshness.current() == before + 2


def test_writes_beside_the_orm_move_it_too(data: Activity) -> None:
    before = freshness.current()
    with transaction.atomic():
        rows = [{"activity_id": data.pk, "type": "3", "value": Decimal("5"), "currency": "USD"}]
        insert_rows(Transaction, iter(rows))
    assert freshness.current() == before + 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_activity SET scope = '1' WHERE id = %s", [data.pk])
    assert freshness.current() == before + 2


def test_what_pages_store_about_themselves_does_not_move_it(data: Activity) -> None:
    before = freshness.current()
    FigureCache.objects.all().delete()
    Client().get("/dashboard/")  # fills the figures' cache
    assert freshness.current() == before


@pytest.mark.parametrize("page", ["dashboard", "activity", "pledge"])
def test_a_page_is_computed_once_then_served_until_the_data_changes(
    data: Activity, page: str
) -> None:
    pledge = Pledge.objects.order_by("slug").first()
    url = {
        "dashboard": "/dashboard/",
        "activity": f"/activities/{data.iati_identifier}/",
        "pledge": f"/pledges/{pledge.slug}/",
    }[page]
    client = Client()
    first, computing = queries_for(client, url)
    second, serving = queries_for(client, url)
    assert main_part(second) == main_part(first)
    assert serving <= 3 < computing  # the generation (and the page's own row) only

    renamed = "A title changed after the page was cached"
    if page == "pledge":
        Pledge.objects.filter(pk=pledge.pk).update(title=renamed)
    else:
        Activity.objects.filter(pk=data.pk).update(
            title=renamed, titles=[], updated_at=timezone.now() + timedelta(hours=1)
        )
    third, _ = queries_for(client, url)
    if page == "dashboard":  # the figures now predate the activities, and the page says so
        assert "Activities changed after these figures were built" not in first
        assert "Activities changed after these figures were built" in third
    else:
        assert renamed in third


def test_the_activity_page_follows_an_import_that_replaces_it(data: Activity) -> None:
    url = f"/activities/{data.iati_identifier}/"
    client = Client()
    assert "9,999,999" not in client.get(url).content.decode()
    Transaction.objects.create(activity=data, type="3", value=Decimal("9999999"), currency="USD")
    assert "9,999,999" in client.get(url).content.decode()


def test_each_language_and_each_visitor_gets_their_own_page(data: Activity) -> None:
    url = f"/activities/{data.iati_identifier}/"
    english = Client().get(url).content.decode()
    japanese = Client().get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "Reporting organisation" in english
    assert "Reporting organisation" not in japanese
    get_user_model().objects.create_user("reader", password="a long pass phrase 1")
    signed_in = Client()
    signed_in.login(username="reader", password="a long pass phrase 1")
    mine = signed_in.get(url).content.decode()
    assert "reader" in mine and "Log out" in mine
    assert "Log out" not in Client().get(url).content.decode()


def test_the_cache_can_be_turned_off(data: Activity, settings) -> None:
    settings.PARITY_PAGE_CACHE = False
    url = f"/activities/{data.iati_identifier}/"
    _, first = queries_for(Client(), url)
    _, second = queries_for(Client(), url)
    assert second == first > 3


def test_touch_data_moves_the_generation_for_edits_made_outside_parity(data: Activity) -> None:
    before = freshness.current()
    call_command("touch_data")
    assert freshness.current() == before + 1


def test_a_page_is_still_served_when_the_cache_server_is_down(data: Activity, settings) -> None:
    # Nothing listens on port 9 (discard): Django's Redis cache raises on every call. (Changing
    # CACHES makes Django's test signals start new cache connections.)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = Client().get(f"/activities/{data.iati_identifier}/")
    assert response.status_code == 200
    assert data.iati_identifier in response.content.decode()


def test_parameters_a_page_does_not_read_neither_split_the_cache_nor_reach_its_links(
    data: Activity,
) -> None:
    pledge = Pledge.objects.order_by("slug").first()
    client = Client()
    queries_for(client, f"/pledges/{pledge.slug}/")
    page, served = queries_for(client, f"/pledges/{pledge.slug}/?utm_source=mail&x=1")
    assert served <= 3
    assert "utm_source" not in main_part(page)
    queries_for(client, "/dashboard/?country=KE&basis=disbursements")
    _, served = queries_for(client, "/dashboard/?basis=disbursements&country=KE")
    assert served <= 3
