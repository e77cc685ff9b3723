"""plotly.js comes from Parity itself, cacheable, never from a CDN."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_serves_plotly_from_the_installed_package(client: Client) -> None:
    response = client.get(reverse("pagekit:plotly-js"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    again = client.get(reverse("pagekit:plotly-js"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_it_keeps_the_address_pages_loaded_it_from() -> None:
    assert reverse("pagekit:plotly-js") == "/assets/plotly.min.js"
