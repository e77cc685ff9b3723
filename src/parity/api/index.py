"""/api/ itself: a short index of the API (where its documentation is, what it offers), so
that someone who types the address gets an answer rather than a 404."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest
from django.urls import get_resolver
from ninja import Router

router = Router(tags=["index"])


@cache
def _endpoints() -> list[str]:
    """The addresses the API answers at, read from its URL patterns (the documentation gives
    each one's methods, parameters and answers)."""
    # Through the URL resolver: importing the API object, which imports this module, would
    # be an import cycle (tests/test_boundaries.py).
    prefix, api_urls = get_resolver().namespace_dict["api"]
    routes = {f"/{prefix}{p.pattern}" for p in api_urls.url_patterns if getattr(p, "name", None)}
    return sorted(r for r in routes if "<path:" not in r and r != "/api/")


@router.get("/", include_in_schema=False, auth=None)
def index(request: HttpRequest) -> dict:
    return {
        "name": "Parity API",
        "version": "1",
        "documentation": "/api/docs",
        "openapi": "/api/openapi.json",
        "authentication": "Reads are public unless the instance is private; writes need "
        "'Authorization: Bearer <token>' (parity create-api-token USER).",
        "endpoints": _endpoints(),
    }
