"""Every path a web user needs: the menu, /api/'s index, the home card links, and a link
checker that walks every page of the demo and finds no broken link."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from parity import roles
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.commitments.seed import load_seed
from parity.mainstreaming import services
from parity.sample import generate_portfolio
from tests.mainstreaming.conftest import make_user

pytestmark = pytest.mark.django_db
# Pages that change state or leave the site's HTML are not followed.
SKIPPED = ("/accounts/logout/", "/i18n/", "/admin/", "/static/", "/assets/")
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(30))


def test_the_menu_names_imports_and_the_api(client: Client, demo) -> None:
    page = client.get("/").content.decode()
    menu = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert 'href="/imports/"' in menu and 'href="/api/docs"' in menu
    assert 'href="/protection/"' not in menu  # for its members only


def test_api_answers_with_an_index(client: Client) -> None:
    response = client.get("/api/")
    assert response.status_code == 200
    index = response.json()
    assert index["documentation"] == "/api/docs"
    assert "/api/activities" in index["endpoints"]


def test_the_screened_card_lists_the_screened_activities(client: Client, demo) -> None:
    page = client.get("/").content.decode()
    link = re.search(r'href="([^"]+)"><strong>[\d,]+</strong> screened', page).group(1)
    listing = client.get(unescape(link)).content.decode()
    screened = Activity.objects.filter(gender_marker__isnull=False).count()
    assert f"of {screened}" in listing or f"1\u2013{screened} of" in listing


UNKNOWN = re.compile(r">\s*None\s*<|:\s*None\s*[<;,]|\?\s*[\u2013-]\s*\?")


def crawl(
    client: Client, limit: int = 400, unknown: dict | None = None, start: str = "/"
) -> dict[str, int]:
    """Follow every link of the site from the home page (or `start`); the status of each page
    reached. Query variants of one path are sampled (the first three) so that filters do not
    explode."""
    seen: dict[str, int] = {}
    variants: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if unknown is not None and (found := UNKNOWN.search(html.split("<main", 1)[-1])):
            unknown[url] = html[found.start() - 80 : found.end() + 20]
        for href in HREF.findall(html):
            href = urldefrag(unescape(href))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if href.startswith(SKIPPED) or href in seen:
                continue
            if parts.query:
                variants[parts.path] = variants.get(parts.path, 0) + 1
                if variants[parts.path] > 3:
                    continue
            queue.append(href)
    return seen


@pytest.mark.parametrize("role", [None, roles.REVIEWER])
def test_no_link_of_the_demo_is_broken(client: Client, demo, role) -> None:
    if role:
        user = make_user("rita", role)
        client.force_login(user)
        services.review_start(Activity.objects.order_by("iati_identifier")[3], "formulation", user)
    unknown: dict[str, str] = {}
    seen = crawl(client, unknown=unknown)
    broken = {url: status for url, status in seen.items() if status in (404, 500)}
    assert broken == {}
    assert unknown == {}  # an unknown value reads "not given", never "None" or "?-?"
    assert len(seen) > 50  # the walk reached the pages, not only the home page


def test_the_portfolio_says_since_when_a_review_is_overdue(client: Client, demo) -> None:
    from datetime import date

    from parity.mainstreaming.flags import flags_catch_up
    from parity.mainstreaming.models import ReviewState

    flags_catch_up()  # builds each activity's review state, as an import does
    client.force_login(make_user("vera", roles.VIEWER))
    page = client.get("/mainstreaming/portfolio/", {"overdue": "yes"}).content.decode()
    ended = ReviewState.objects.filter(
        end_date__lt=date.today(), stage_reached__lt=5, pending_since__isnull=True
    ).exclude(end_date=None)
    assert ended.exists()
    days = {s.end_date.isoformat() for s in ended}
    assert any(
        f"overdue since {day} (ended without an approved evaluation)" in page for day in days
    )
