"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_it_serves_the_openapi_document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Parity"
    paths = document["paths"]
    for path in ("/api/activities", "/api/pledges", "/api/reviews", "/api/flags", "/api/imports"):
        assert path in paths


@pytest.mark.django_db
def test_it_loads_the_docs_page_only_from_parity(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    for url in re.findall(r"""(?:src|href)=["']([^"']+)["']""", html):
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file"


@pytest.mark.django_db
def test_every_operation_declares_its_responses(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method.upper()} {path}"
