"""Which addresses from the data may become links: web (http, https) and mail (mailto) only.

An imported file is hostile data: ``<document-link url="javascript:...">`` must never become a
clickable link. Browsers drop tabs and line breaks anywhere in an address and control
characters and spaces at its ends before they read the scheme, so this does the same before it
checks the scheme; an address without a scheme (relative) is not a link either, since it would
point into Parity.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED = re.compile(r"[\t\n\r]")
_ENDS = "".join(chr(code) for code in range(0x21))  # C0 controls and the space


def link_url(value: object) -> str | None:
    """The address cleaned as a browser would read it, when it is a web or mail link; else None."""
    if not isinstance(value, str):
        return None
    url = _DROPPED.sub("", value).strip(_ENDS)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url
