"""The link checker over the demo, by role and language: every page a visitor, a reviewer or a
protection member reaches by following links answers, never with a 404 or a 500, and shows no
"None" or "?-?" for an unknown value. In English tests/site/test_navigation.py walks the whole
demo as a visitor and a reviewer; here a protection member walks it whole in English, and each
of the three walks a bounded sample in Japanese and Thai (translated templates are where a
broken link or a missing value would hide)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browser.conftest import load_demo
from tests.protection.conftest import login as verified_login
from tests.site.test_navigation import crawl

pytestmark = pytest.mark.django_db
SAMPLE = 60  # pages per role in each of Japanese and Thai


@pytest.fixture
def site(protection: dict[str, Any]) -> dict[str, Any]:
    load_demo()
    return protection



@pytest.mark.parametrize("role", ["anonymous", "reviewer", "member"])
def test_no_link_is_broken_in_any_language(client: Client, site, role: str) -> None:
    from parity.activities.models import Activity
    from parity.mainstreaming import services
    from tests.mainstreaming.conftest import make_user

    languages = {"ja": SAMPLE, "th": SAMPLE}
    start = "/"
    if role == "reviewer":
        user = make_user("rita", "reviewer")
        client.force_login(user)
        activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier")[0]
        services.review_start(activity, "formulation", user)
    elif role == "member":  # the supervisor of the hotline sees every page of the module
        verified_login(client, site["users"]["malee"], reauth=True)
        languages = {"en": 400, **languages}
        start = "/protection/"
    for language, limit in languages.items():
        client.cookies["django_language"] = language
        unknown: dict[str, str] = {}
        seen = crawl(client, limit=limit, unknown=unknown, start=start)
        broken = {url: status for url, status in seen.items() if status == 404 or status >= 500}
        assert broken == {}, language
        assert unknown == {}, language  # an unknown value reads "not given" in each language
        assert len(seen) == limit or role == "member"  # the walk went on, not only the start
    if role == "member":
        assert f"/protection/cases/{site['case']}/" in seen  # it reached the cases as well
