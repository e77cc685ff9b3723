"""Stream IATI activities from a file, one :class:`Activity` or :class:`RejectedActivity` per
``<iati-activity>``, in document order, whatever the IATI version (1.0x is upgraded to 2.03
codes). Memory stays flat: every activity element, and every transaction inside it, is freed
as soon as it has been read.

Whole-file problems raise :class:`~parity.iati.errors.IATIFileError` subclasses; problems in
one activity yield a RejectedActivity and reading goes on. A duplicate iati-identifier is
yielded again (the loader lets the later one win) with a warning naming the earlier line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from parity.iati.activity import ActivityBuilder
from parity.iati.construct import evolve
from parity.iati.errors import BrokenXMLError, NotIATIError, UnsafeXMLError
from parity.iati.fields import Shared
from parity.iati.model import Activity, RejectedActivity
from parity.iati.prolog import XINCLUDE_NS, sniff

ACTIVITY = "iati-activity"
_TRANSACTION = "transaction"
_XINCLUDE = f"{{{XINCLUDE_NS}}}*"
_IATI_ROOTS = ("iati-activities", ACTIVITY)


def read_activities(
    source: str | os.PathLike[str] | BinaryIO, *, name: str | None = None
) -> Iterator[Activity | RejectedActivity]:
    """Yield every activity in ``source`` (a path or a binary file object).

    ``name`` is the file name used in messages (default: the path's name, or the file
    object's ``name``). Raises UnsafeXMLError (before yielding anything), NotIATIError, or
    BrokenXMLError (after yielding the activities that precede the break).
    """
    with ExitStack() as stack:
        stream: BinaryIO
        if isinstance(source, str | os.PathLike):
            name = name or Path(source).name
            stream = stack.enter_context(open(source, "rb"))
        else:
            name = name or Path(str(getattr(source, "name", "") or "<stream>")).name
            stream = source
        yield from _read(stream, name)


def _read(stream: BinaryIO, name: str) -> Iterator[Activity | RejectedActivity]:
    prolog, replay = sniff(stream)
    if prolog.unsafe:
        raise UnsafeXMLError(name, f"refused: {prolog.unsafe}")
    if prolog.not_xml:
        raise NotIATIError(name, "not an IATI activity file: empty, or not XML markup")
    if prolog.root == "iati-organisations":
        raise NotIATIError(name, "an IATI organisation file, not an activity file")
    events = etree.iterparse(
        replay,
        events=("end",),
        tag=(ACTIVITY, _TRANSACTION, _XINCLUDE),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    seen: dict[str, int | None] = {}
    shared = Shared()  # values built once per file and shared (see fields.py)
    builder: ActivityBuilder | None = None
    checked = False
    try:
        for _, el in events:
            if not checked:  # defence in depth: the parser's own view of the prolog
                _check_docinfo(el, name)
                checked = True
            tag = el.tag
            if tag == _TRANSACTION:
                parent = el.getparent()
                # lxml hands back the same proxy object for a node while one is alive, so
                # "is" finds the builder's activity without comparing tags per transaction.
                if builder is None or builder.element is not parent:
                    if parent is None or parent.tag != ACTIVITY:
                        continue
                    builder = ActivityBuilder(parent, name, _version(parent), shared)
                builder.add_transaction(el)
                el.clear()
                previous = el.getprevious()
                if previous is not None and previous.tag == _TRANSACTION:
                    parent.remove(previous)
            elif tag == ACTIVITY:
                if builder is None or builder.element is not el:
                    builder = ActivityBuilder(el, name, _version(el), shared)
                item = builder.finish(el)
                builder = None
                _free(el)
                yield _note_duplicate(item, seen)
            else:
                raise UnsafeXMLError(name, f"refused: XInclude element at line {el.sourceline}")
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = exc.msg
        if "encoding" in message or "UTF-8" in message:
            message += " (a file that is not UTF-8 must declare its encoding)"
        raise BrokenXMLError(name, message, line, column) from None
    if not seen and prolog.root not in _IATI_ROOTS:
        raise NotIATIError(
            name, f"not an IATI activity file: root element <{prolog.root}>, no <iati-activity>"
        )


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
