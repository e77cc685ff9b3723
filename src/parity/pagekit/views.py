"""plotly.js, served by Parity itself (``parity.pagekit.plotly``), and the favicon's old address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import etag

from parity.pagekit.plotly import plotly_js as plotly_script


@etag(lambda request: plotly_script()[1])
def plotly_js(request: HttpRequest) -> HttpResponse:
    script, _ = plotly_script()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, asked for by browsers whatever the page links: the static SVG icon."""
    return HttpResponsePermanentRedirect(static("parity/favicon.svg"))
