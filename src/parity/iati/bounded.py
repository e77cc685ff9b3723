"""What the reader keeps of the parsed XML between two chunks of input, and the cap on it.

The reader feeds the parser a chunk at a time. After each chunk, :func:`prune` drops every
finished element that nothing will read again: anything outside an activity (an activity is
read, and freed, once the parser has moved past it), and, inside the activity being parsed,
finished transactions (handed to the reader first, in document order) and children the
reader does not read. What is left is the path of open elements and the parts of the open
activity that its reading needs.

That rest is capped: :func:`check` estimates its size in memory every half megabyte of input
and stops the file with :class:`~parity.iati.errors.ElementTooLargeError` past
``MAX_HELD_BYTES``. libxml2's own limits (no ``huge_tree``) cap one text at 10 MB and the
depth at 256 elements. So memory is bounded whatever the file holds (docs/iati.md "Memory").
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from lxml import etree

from parity.iati.errors import ElementTooLargeError

MAX_HELD_BYTES = 64 << 20
# Bytes of input between two checks: dense markup grows a tree by up to 20 times its size.
CHECK_EVERY = 512 << 10
# Bytes of memory per element (with its tail text) and per attribute in an lxml tree, as
# measured (libxml2 nodes and malloc overhead; tests/iati/test_reader_memory.py).
_ELEMENT_COST = 300
_ATTRIBUTE_COST = 250


class Held:
    """One file's pruning and cap: which elements an open activity still needs, and where."""

    def __init__(
        self,
        file: str,
        activity: str,
        read_tags: Collection[str],
        cap: int,
        streamed: tuple[str, Callable[[etree._Element, etree._Element], None]] | None = None,
    ) -> None:
        self.file = file
        self.activity = activity
        self.read_tags = read_tags
        self.cap = cap
        # (tag, read): the open activity's finished children with this tag are handed to
        # read(activity, child), then dropped, so that a huge activity never holds them all
        self.streamed = streamed
        self.unchecked = 0
        self._mark: etree._Element | None = None  # the newest child of the open activity kept

    def activity_started(self) -> None:
        self._mark = None

    def after_chunk(self, root: etree._Element | None, size: int) -> None:
        """Prune the tree, and check what is left every ``CHECK_EVERY`` bytes of input."""
        if root is None:
            return
        activity = self.prune(root)
        self.unchecked += size
        if self.unchecked >= min(CHECK_EVERY, self.cap):
            self.unchecked = 0
            self.check(root, activity)

    def prune(self, root: etree._Element) -> etree._Element | None:
        """Drop what nothing will read again; return the open activity, if any."""
        node = root
        while len(node):
            if node.tag == self.activity:
                self._prune_activity(node)
                return node
            last = node[-1]
            if len(node) > 1:
                del node[:-1]  # all but the last child are finished
            node = last
        return None

    def _prune_activity(self, activity: etree._Element) -> None:
        # Newest first, down to the child kept last time: each child is looked at once. All
        # but the last child are finished.
        last = activity[-1]
        ended = []
        child = last.getprevious()
        while child is not None and child is not self._mark:
            ended.append(child)
            child = child.getprevious()
        streamed_tag, read = self.streamed or ("", None)
        for child in reversed(ended):  # in document order, for the streamed ones
            tag = child.tag
            if tag == streamed_tag and read is not None:
                read(activity, child)
                activity.remove(child)
            elif tag not in self.read_tags:
                activity.remove(child)
        self._mark = last.getprevious()
        if last.tag not in self.read_tags:
            _prune_all(last)  # an open element the reader does not read: none of it counts

    def check(self, root: etree._Element, activity: etree._Element | None) -> None:
        if _weight(root, self.cap) > self.cap:
            where = activity if activity is not None else _deepest(root)
            tag, megabytes = str(where.tag), self.cap >> 20
            what = f"<{tag}> holds more than {megabytes} MB of XML besides its transactions"
            raise ElementTooLargeError(self.file, what, where.sourceline)


def _prune_all(node: etree._Element) -> None:
    while len(node):
        last = node[-1]
        if len(node) > 1:
            del node[:-1]
        node = last


def _weight(root: etree._Element, cap: int) -> int:
    """An estimate of the tree's memory, counted up to just past ``cap``."""
    total = 0
    for el in root.iter():
        total += _ELEMENT_COST + len(el.text or "") + len(el.tail or "")
        for name, value in el.items():
            total += _ATTRIBUTE_COST + len(name) + len(value)
        if total > cap:
            break
    return total


def _deepest(root: etree._Element) -> etree._Element:
    """The innermost open element that has children: the one whose content kept growing."""
    node = root
    while len(node) and len(node[-1]):
        node = node[-1]
    return node
