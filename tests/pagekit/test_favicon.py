"""The favicon: linked from every page, and /favicon.ico (asked for by browsers) leads to it."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_links_the_icon_and_favicon_ico_leads_to_it(client: Client) -> None:
    icon = static("parity/favicon.svg")
    page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon
    found = finders.find("parity/favicon.svg")
    assert found
    with open(found, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg ")
