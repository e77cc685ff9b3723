"""/api/ itself: a short index of the API (where its documentation is, what it offers), so
that someone who types the address gets an answer rather than a 404."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest
from ninja import Router

router = Router(tags=["index"])


@cache
def _endpoints() -> list[dict[str, str]]:
    from parity.api.api import api  # the API object imports this module

    schema = api.get_openapi_schema(path_prefix="/api")
    return [
        {"method": method.upper(), "path": path, "summary": operation.get("summary", "")}
        for path, operations in sorted(schema["paths"].items())
        for method, operation in operations.items()
    ]


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
