"""A link checker for the protection module: every page a member can reach from the module's
home by following its links answers, never with a 404 or a 500, for each role."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
MEMBERS = ["counsellor", "case_worker", "supervisor", "auditor", "statistics", "lao_receiver"]
LIMIT = 200


def crawl(client, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url, follow=True)  # a redirect is followed to where it lands
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/protection/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.parametrize("member", MEMBERS)
def test_every_protection_page_a_member_reaches_answers(client, world, member):
    login(client, world.users[member], reauth=True)
    seen = crawl(client, "/protection/")
    broken = {url: status for url, status in seen.items() if status == 404 or status >= 500}
    assert not broken, broken
    assert seen["/protection/"] == 200 and len(seen) > 1
