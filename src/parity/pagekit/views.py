"""plotly.js, served by Parity itself from the installed plotly package: no page uses a CDN."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag


@cache
def plotly_source() -> tuple[str, str]:
    """plotly.js and its version (the version is the ETag: it changes with the package)."""
    import plotly
    from plotly.offline import get_plotlyjs

    return get_plotlyjs(), plotly.__version__


@etag(lambda request: plotly_source()[1])
def plotly_js(request: HttpRequest) -> HttpResponse:
    script, _ = plotly_source()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response
