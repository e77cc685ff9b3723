"""HTTP protections every page gets: a Content-Security-Policy, and no TRACE.

The policy lets a page run and style only what Parity serves itself: no inline script, no
inline style with content (templates keep them in static files; JSON for charts sits in ``<script
type="application/json">``, which is data and never runs), no plugin, no framing, forms that
post only to Parity. An address from an imported file that slipped through as a link or an
injected tag still could not run a script.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from parity.pagekit.plotly import EMPTY_STYLE_HASH

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {EMPTY_STYLE_HASH}",  # plotly.js fills an empty one (plotly.py)
        "img-src 'self' data:",  # plotly's and Swagger UI's icons are data: images
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# TRACE echoes the request (cookies included) back; nothing in Parity needs it.
REFUSED_METHODS = frozenset({"TRACE", "TRACK"})
ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in REFUSED_METHODS:
            response: HttpResponse = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
