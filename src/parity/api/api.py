"""The JSON API (django-ninja): its OpenAPI document is /api/openapi.json, its interactive
documentation /api/docs (Swagger UI served from Parity's own static files, never a CDN)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from parity.api import (
    activities,
    errors,
    figures,
    imports,
    index,
    pledges,
    quality,
    reviews,
    suggestions,
)

DESCRIPTION = """Parity's data as JSON: activities, the dashboard's figures, pledges with
progress and evidence, gender reviews and flags, imports. Reads are public unless the instance
is private; writes need an API token (`Authorization: Bearer <token>`, from
`parity create-api-token USER`) whose user's role allows the action. Errors are
`{"message": ..., "field": ...}` with a 4xx status. Lists take `limit` (1-500, default 50) and
`offset`; an offset past the end is a 404. See docs/api.md."""


class AccessibleSwagger(Swagger):
    """Swagger UI in Parity's page: a language and a main landmark, colours that meet WCAG AA
    (api/docs.css), and no deep links (a link inside each operation's button is a nested
    control to a screen reader)."""

    template = "api/docs.html"


api = NinjaAPI(
    title="Parity",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=AccessibleSwagger(settings={"persistAuthorization": False, "deepLinking": False}),
    docs_url="/docs",
)
errors.install(api)
for router in (
    index.router,
    activities.router,
    quality.router,
    figures.router,
    pledges.router,
    reviews.router,
    imports.router,
    suggestions.router,
):
    api.add_router("", router)

# Registered last so that it only catches what no endpoint matched: an unknown address under
# /api/ is a JSON 404 too, not Django's HTML page.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False, auth=None
)
def unknown(request: HttpRequest, rest: str):
    raise errors.ApiError(f"No API endpoint at /api/{rest}: see /api/docs.", None, 404)


api.add_router("", fallback)
