"""The link checker over the demo, by role and language: every page a visitor, a reviewer or a
protection member reaches by following links answers, never with a 404 or a 500, and shows no
"None" or "?-?" for an unknown value. In English tests/site/test_navigation.py walks the whole
demo as a visitor and a reviewer; here a protection member walks the module and the pages its
menu leads to in English, and each of the three walks a bounded sample in Japanese and Thai
(translated templates are where a broken link or a missing value would hide). Not a browser
test: Django's test client, beside the browser tests because it walks the same demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browser.conftest import load_demo
from tests.protection.conftest import login as verified_login
from tests.site.test_navigation import crawl

pytestmark = pytest.mark.django_db
SAMPLE = 60  # pages per role in each of Japanese and Thai
MEMBER_WALK = 150  # the protection module, then the public pages its menu leads to


@pytest.fixture
def site(protection: dict[str, Any]) -> dict[str, Any]:
    load_demo()
    return protection


def test_no_link_is_broken_for_any_role_in_any_language(client: Client, site) -> None:
    from parity.activities.models import Activity
    from parity.mainstreaming import services
    from tests.mainstreaming.conftest import make_user

    reviewer = make_user("rita", "reviewer")
    activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier")[0]
    services.review_start(activity, "formulation", reviewer)
    problems, walked = [], {}
    for role in ["anonymous", "reviewer", "member"]:
        client.logout()
        languages, start = {"ja": SAMPLE, "th": SAMPLE}, "/"
        if role == "reviewer":
            client.force_login(reviewer)
        elif role == "member":  # the supervisor of the hotline sees every page of the module
            verified_login(client, site["users"]["malee"], reauth=True)
            languages, start = {"en": MEMBER_WALK, **languages}, "/protection/"
        for language, limit in languages.items():
            client.cookies["django_language"] = language
            unknown: dict[str, str] = {}
            seen = crawl(client, limit=limit, unknown=unknown, start=start)
            walked[role, language] = seen
            broken = {url: code for url, code in seen.items() if code == 404 or code >= 500}
            # An unknown value reads "not given" in each language, never "None" or "?-?".
            problems += [f"{role} {language} {url}: {code}" for url, code in broken.items()]
            problems += [f"{role} {language} {url}: {text!r}" for url, text in unknown.items()]
    assert problems == []
    # Each walk went on beyond its start; the member's reached the cases.
    assert all(len(seen) > 20 for seen in walked.values())
    assert f"/protection/cases/{site['case']}/" in walked["member", "en"]
