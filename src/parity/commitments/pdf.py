"""Progress reports as PDF, made offline by WeasyPrint from the report page's own HTML.

WeasyPrint lays the page out with its print stylesheet (the same one a browser prints with).
It reads only Parity's own static files, from disk: no request leaves the process, so a report
renders without a network and a link in the data cannot make the server fetch anything.
WeasyPrint needs the Pango library (Debian: libpango-1.0-0, libpangoft2-1.0-0).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation


class PdfUnavailableError(RuntimeError):
    """WeasyPrint cannot run here; the message says what to install."""


def static_file(url: str) -> Path:
    """The file on disk behind a static URL of Parity's (``ValueError`` for anything else)."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    path = urlparse(url).path
    found = None
    if path.startswith(prefix) and ".." not in path.split("/"):
        try:
            found = finders.find(path[len(prefix) :])
        except SuspiciousFileOperation:
            found = None
    if not found:
        raise ValueError(f"{url}: a PDF report reads only Parity's own static files")
    return Path(found)


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except OSError as error:  # the Python package is there, a system library is not
        raise PdfUnavailableError(
            f"PDF reports need the Pango library ({error}); on Debian: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0. The printable page works without it."
        ) from None

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = static_file(url)
            mime, _ = mimetypes.guess_type(path.name)
            headers = {"Content-Type": mime or "application/octet-stream"}
            return URLFetcherResponse(url, path.read_bytes(), headers)

    # The base URL only makes relative links absolute; StaticOnly never goes there.
    return HTML(
        string=html, base_url="http://parity.invalid/", url_fetcher=StaticOnly()
    ).write_pdf()
