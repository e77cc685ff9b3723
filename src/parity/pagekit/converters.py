"""A URL path converter for IATI identifiers, which may hold slashes and even dot segments.

Identifiers are free text: ``XM-1/../2`` is a valid one. A browser resolves ``.`` and ``..``
segments in a link before it sends it (``/activities/XM-1/../2/`` becomes
``/activities/XM-1/2/``), so such an identifier is written percent-encoded as a whole, slashes
included: no segment of the link is then a dot segment, and the server decodes it back. Every
other identifier keeps its readable address (``/activities/GB-1/123/``).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

_DOT_SEGMENTS = frozenset({".", ".."})


class IatiIdentifierConverter:
    regex = ".+"

    def to_python(self, value: str) -> str:
        return unquote(value) if "%" in value else value

    def to_url(self, value: str) -> str:
        # A "%" is encoded too, so that to_python's decoding gives back exactly the identifier.
        if "%" in value or _DOT_SEGMENTS & set(value.replace("\\", "/").split("/")):
            return quote(value, safe="")
        return value
