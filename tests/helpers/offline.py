"""What a page would fetch from another host: the addresses of its scripts, stylesheets,
images and frames that are not on the page's own site. Read from the markup, so that text that
happens to contain "cdn" (the random CSRF token of the language form can) is not taken
for a download."""

from __future__ import annotations

import re

_FETCHED = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=[\"']([^\"']*)[\"']",
    re.IGNORECASE,
)


def fetched_elsewhere(html: str) -> list[str]:
    """The addresses the page's elements load that do not start with "/" (its own site)."""
    found = _FETCHED.findall(html)
    return [url for url in found if not url.startswith("/") or url.startswith("//")]
