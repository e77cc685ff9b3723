"""Stream IATI activities from a file, one :class:`Activity` or :class:`RejectedActivity` per
``<iati-activity>``, in document order, whatever the IATI version (1.0x is upgraded to 2.03
codes). Memory stays flat: every activity element is freed as soon as it has been read, the
transactions of a long one after each chunk of input, and whatever else the file holds as it
streams (bounded.py).

Whole-file problems raise :class:`~parity.iati.errors.IATIFileError` subclasses; problems in
one activity yield a RejectedActivity and reading goes on. A duplicate iati-identifier is
yielded again (the loader lets the later one win) with a warning naming the earlier line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from parity.iati.activity import READ_CHILDREN, ActivityBuilder
from parity.iati.bounded import MAX_HELD_BYTES, Held
from parity.iati.construct import evolve
from parity.iati.errors import (
    BrokenXMLError,
    ElementTooLargeError,
    NotIATIError,
    UnsafeXMLError,
)
from parity.iati.fields import Shared
from parity.iati.model import Activity, RejectedActivity
from parity.iati.prolog import XINCLUDE_NS, sniff

ACTIVITY = "iati-activity"
_TRANSACTION = "transaction"
_XINCLUDE_PREFIX = f"{{{XINCLUDE_NS}}}"
_XINCLUDE = _XINCLUDE_PREFIX + "*"
_CHUNK = 1 << 16
# libxml2's limits without huge_tree, which the reader keeps (see bounded.py).
_MAX_TEXT_MB = 10
_MAX_DEPTH = 256
_IATI_ROOTS = ("iati-activities", ACTIVITY)


def read_activities(
    source: str | os.PathLike[str] | BinaryIO,
    *,
    name: str | None = None,
    max_held: int = MAX_HELD_BYTES,
) -> Iterator[Activity | RejectedActivity]:
    """Yield every activity in ``source`` (a path or a binary file object).

    ``name`` is the file name used in messages (default: the path's name, or the file
    object's ``name``). Raises UnsafeXMLError (before yielding anything), NotIATIError, or
    BrokenXMLError (after yielding the activities that precede the break), including
    ElementTooLargeError when one activity holds more than ``max_held`` bytes of parsed XML
    besides its transactions (see bounded.py).
    """
    with ExitStack() as stack:
        stream: BinaryIO
        if isinstance(source, str | os.PathLike):
            name = name or Path(source).name
            stream = stack.enter_context(open(source, "rb"))
        else:
            name = name or Path(str(getattr(source, "name", "") or "<stream>")).name
            stream = source
        yield from _read(stream, name, max_held)


def _read(stream: BinaryIO, name: str, max_held: int) -> Iterator[Activity | RejectedActivity]:
    # Where the file starts, to read it again after a break (a file-like object may not seek).
    seekable = getattr(stream, "seekable", None)
    origin = stream.tell() if seekable is not None and seekable() else None
    prolog, replay = sniff(stream)
    if prolog.unsafe:
        raise UnsafeXMLError(name, f"refused: {prolog.unsafe}")
    if prolog.not_xml:
        raise NotIATIError(name, "not an IATI activity file: empty, or not XML markup")
    if prolog.root == "iati-organisations":
        raise NotIATIError(name, "an IATI organisation file, not an activity file")
    # Fed a chunk at a time, so that what is not an activity is freed between chunks. The
    # root's own start event hands over the tree even in a file without a single activity.
    # Start events only: libxml2 then calls back into Python at each element's start but not
    # at its end; an activity is read once the parser has moved past it (_FileState). The
    # whitespace between elements is never read (no tails; an element holding only
    # whitespace keeps it) and IATI has no xml:id to look up, so libxml2 builds neither.
    # Together a sixth of the parse (docs/performance.md, "Issue 16, ninth session").
    parser = _parser(False, (ACTIVITY, _XINCLUDE, "{*}" + prolog.root.rpartition(":")[2]))
    state = _FileState(name, max_held)
    while True:
        chunk = replay.read(_CHUNK)
        failure = _feed(parser, chunk)
        state.started(parser.read_events())
        if failure is None:
            yield from state.ended(everything=not chunk)
        else:  # the activities before a break count
            yield from state.ended(everything=_root_ended(failure))
            if state.unread and origin is not None:
                stream.seek(origin)
                yield from state.ended(before=_count_ended(stream))
            raise _broken(name, failure)
        if not chunk:
            break
        state.held.after_chunk(state.root, len(chunk))
    if not state.seen and prolog.root not in _IATI_ROOTS:
        raise NotIATIError(
            name, f"not an IATI activity file: root element <{prolog.root}>, no <iati-activity>"
        )


class _FileState:
    """What one file's reading carries from one chunk of input to the next.

    Without end events, an activity is known to be finished once it is no longer on the path
    of open elements (the root, its last child, that one's last child...): the parser has
    started something after it. The activity on that path may have ended too, or not: it is
    read a chunk later, or at the end of the document (after a break, see _count_ended). Its
    finished transactions are read meanwhile (bounded.py), so a huge one never holds them all.
    """

    def __init__(self, name: str, max_held: int) -> None:
        self.name = name
        streamed = (_TRANSACTION, self._transaction)
        self.held = Held(name, ACTIVITY, READ_CHILDREN, max_held, streamed=streamed)
        self.root: etree._Element | None = None
        self.seen: dict[str, int | None] = {}
        self.shared = Shared()  # values built once per file and shared (see fields.py)
        self.builder: ActivityBuilder | None = None
        self.started_count = 0
        # activities started and not yet read: (how many started before it, the element)
        self.unread: list[tuple[int, etree._Element]] = []

    def started(self, events: Iterable[tuple[str, etree._Element]]) -> None:
        for _event, el in events:
            tag = el.tag
            if self.root is None:  # defence in depth: the parser's own view of the prolog
                _check_docinfo(el, self.name)
                self.root = el.getroottree().getroot()
            if tag == ACTIVITY:
                self.held.activity_started()
                self.unread.append((self.started_count, el))
                self.started_count += 1
            elif isinstance(tag, str) and tag.startswith(_XINCLUDE_PREFIX):
                raise UnsafeXMLError(
                    self.name, f"refused: XInclude element at line {el.sourceline}"
                )

    def ended(
        self, *, everything: bool = False, before: int = 0
    ) -> Iterator[Activity | RejectedActivity]:
        """Read every activity the parser has moved past; all of them when ``everything``;
        only the first ``before`` of the file when given."""
        if not self.unread:
            return
        if before:
            still_open: set[etree._Element] = set()
        else:
            still_open = set() if everything or self.root is None else _open_path(self.root)
        unread, self.unread = self.unread, []
        for index, el in unread:
            if el in still_open or (before and index >= before):
                self.unread.append((index, el))
            else:
                yield self._activity(el)

    def _transaction(self, activity: etree._Element, el: etree._Element) -> None:
        """A finished transaction of the activity still being parsed."""
        builder = self.builder
        if builder is None or builder.element is not activity:
            builder = self.builder = ActivityBuilder(
                activity, self.name, _version(activity), self.shared
            )
        builder.add_transaction(el)

    def _activity(self, el: etree._Element) -> Activity | RejectedActivity:
        builder = self.builder
        if builder is None or builder.element is not el:
            builder = ActivityBuilder(el, self.name, _version(el), self.shared)
        item = builder.finish(el)
        self.builder = None
        _free(el)
        return _note_duplicate(item, self.seen)


def _open_path(root: etree._Element) -> set[etree._Element]:
    """The elements the parser may still be inside: the root and each last child down."""
    node = root
    path = {node}
    while len(node):
        node = node[-1]
        path.add(node)
    return path


def _root_ended(failure: etree.XMLSyntaxError) -> bool:
    """Whether the break comes after the root element's end (content after the document)."""
    return bool(failure.code == etree.ErrorTypes.ERR_DOCUMENT_END)


def _count_ended(stream: BinaryIO) -> int:
    """How many activities end before the break, parsing the file again with end events.

    Only after a break, and only in a file that can be read again: without end events, an
    activity whose end tag is the last thing before the break cannot be told from one cut
    short. Every element is freed as it ends, so memory stays flat whatever the file holds."""
    parser = _parser(True, None)
    count = 0
    while True:
        chunk = stream.read(_CHUNK)
        failure = _feed(parser, chunk)
        for _event, el in parser.read_events():
            if el.tag == ACTIVITY:
                count += 1
            _free(el)
        if failure is not None or not chunk:
            return count


def _parser(end_events: bool, tags: tuple[str, ...] | None) -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=("end",) if end_events else ("start",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
        collect_ids=False,
    )


def _feed(parser: etree.XMLPullParser, chunk: bytes) -> etree.XMLSyntaxError | None:
    """Feed one chunk (an empty one ends the document); a syntax error is handed back, to be
    raised once the events parsed before it have been read."""
    try:
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
    except etree.XMLSyntaxError as error:
        return error
    return None


def _broken(name: str, exc: etree.XMLSyntaxError) -> BrokenXMLError:
    line, column = exc.position
    message = exc.msg
    if "encoding" in message or "UTF-8" in message:
        message += " (a file that is not UTF-8 must declare its encoding)"
    if "XML_PARSE_HUGE" in message:  # libxml2's own limits, kept on purpose (bounded.py)
        what = f"a text over {_MAX_TEXT_MB} MB, or elements nested over {_MAX_DEPTH} deep"
        return ElementTooLargeError(name, what, line, column)
    return BrokenXMLError(name, message, line, column)


def _check_docinfo(el: etree._Element, name: str) -> None:
    docinfo = el.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXMLError(name, "refused: it declares a DOCTYPE/DTD")


def _version(el: etree._Element) -> str:
    """The activity's own version attribute (@version, @iati-extra:version), else the
    enclosing <iati-activities>'s @version."""
    for key in el.keys():  # noqa: SIM118 - an lxml element's keys are its attribute names
        if key == "version" or key.endswith("}version"):
            return (el.get(key) or "").strip()
    for ancestor in el.iterancestors("iati-activities"):
        return (ancestor.get("version") or "").strip()
    return ""


def _free(el: etree._Element) -> None:
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _note_duplicate(
    item: Activity | RejectedActivity, seen: dict[str, int | None]
) -> Activity | RejectedActivity:
    earlier = seen.get(item.identifier, 0) if item.identifier else 0
    seen[item.identifier] = item.source_line if isinstance(item, Activity) else item.line
    if earlier == 0 or isinstance(item, RejectedActivity):
        return item
    warning = f"duplicate iati-identifier (also at line {earlier}); the later one wins"
    return evolve(item, warnings=(*item.warnings, warning))
