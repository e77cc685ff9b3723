"""Look at the start of a file before the XML parser does: refuse DTDs and XInclude, and name
the root element, without consuming the stream (the bytes read are replayed to the parser)."""

from __future__ import annotations

import re
from typing import BinaryIO

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
_CHUNK = 1 << 16
_MAX_PROLOG = 1 << 22  # stop looking after 4 MB of comments; the parser's own check still runs
_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)([^>]*)>?", re.DOTALL)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


class Prolog:
    """What precedes the root: ``root`` is its tag ("" if none found), ``unsafe`` a reason."""

    def __init__(self, root: str = "", unsafe: str = "", not_xml: bool = False) -> None:
        self.root = root
        self.unsafe = unsafe
        self.not_xml = not_xml


def _decode(data: bytes) -> str:
    # Only markup matters here, so latin-1 is a safe stand-in for any ASCII-compatible encoding.
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            width = 4 if "32" in encoding else 2 if "16" in encoding else 1
            data = data[: len(data) - len(data) % width]
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    return data.decode("latin-1")


def scan(text: str, complete: bool) -> Prolog | None:
    """Classify the prolog in ``text``; None when more input is needed to decide."""
    pos = 0
    while match := _ITEM.match(text, pos):
        pos = match.end()
    rest = text[pos:].lstrip()
    if rest.startswith("<!"):
        if rest.startswith("<!--") and not complete:
            return None  # a comment cut by the chunk boundary
        return Prolog(unsafe="it declares a DOCTYPE/DTD (entities and DTDs are refused)")
    root = _ROOT.match(rest)
    if root and (root.group(0).endswith(">") or complete):
        if XINCLUDE_NS in root.group(2):
            return Prolog(root.group(1), unsafe="it declares the XInclude namespace")
        return Prolog(root.group(1))
    if not complete and (not rest or rest.startswith("<")):
        return None
    return Prolog(not_xml=not rest.startswith("<"))


class ReplayStream:
    """A read()-able stream that first returns the bytes already taken from ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            chunk = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(chunk) :]
            return chunk
        return self._stream.read(size)


def sniff(stream: BinaryIO) -> tuple[Prolog, ReplayStream]:
    """Read just enough of ``stream`` to classify its prolog."""
    head = b""
    while True:
        chunk = stream.read(_CHUNK)
        head += chunk
        complete = not chunk or len(head) >= _MAX_PROLOG
        found = scan(_decode(head), complete)
        if found is not None:
            return found, ReplayStream(head, stream)
