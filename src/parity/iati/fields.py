"""Small element readers shared by the activity parser: narratives, codes, dates, numbers.

Each takes an lxml element and returns model values. A value that cannot be read is left out
and a :class:`DataNote` says so, in the ``notes`` list the caller passes; ``Reject`` carries the
reason when the value is the point of its part (a transaction's value), so that the caller drops
that part, with a note, and keeps the activity.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.model import DataNote, Dimension, Narrative, OrgRef, PeriodValue
from parity.iati.normalise import normalise_dimension, parse_date, parse_decimal
from parity.iati.notes import Notes as Notes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Element = etree._Element


DROPPED, KEPT, MAPPED = "dropped", "kept as given", "mapped"
_ORGANISATION_TYPES = frozenset(codelists.codes("OrganisationType"))


class Reject(Exception):  # noqa: N818 - a control-flow signal, not a user-facing error
    """Raised while reading one part of an activity: the part is dropped, with a note."""

    def __init__(self, element: str, reason: str, line: int | None, value: str = "") -> None:
        super().__init__(reason)
        self.element = element
        self.reason = reason
        self.line = line
        self.value = value

    def note(self) -> DataNote:
        return note(self.element, self.reason, self.line, DROPPED, self.value)


def note(path: str, problem: str, line: int | None, action: str, value: str = "") -> DataNote:
    """A note on the activity's child element named first in ``path`` ("sector/@percentage")."""
    return DataNote(path.partition("/")[0], line, problem, action, value)


def label(path: str) -> str:
    """ "value-date" of "transaction/value/@value-date": the place in a note's sentence."""
    return path.rpartition("/")[2].lstrip("@")


# Values met again and again (org names, dimension pairs, dates) are built once and shared:
# the objects are frozen, so sharing is invisible to callers, and it spares both the time to
# build them and, in an activity with 300,000 transactions, the memory to hold them.
_SHARED_MAX = 20_000  # a file with ever-new values must not grow a cache without bound
OrgKey = tuple[str | None, str | None, str | None, tuple[str, ...]]


class Shared:
    """The values shared within one file: narratives by their texts, organisations by theirs,
    bare result targets and actuals by their value text."""

    __slots__ = ("names", "orgs", "values")

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], tuple[Narrative, ...]] = {}
        self.orgs: dict[OrgKey, OrgRef] = {}
        self.values: dict[str | None, PeriodValue] = {}

    def keep_value(self, text: str | None, value: PeriodValue) -> None:
        if len(self.values) < _SHARED_MAX:
            self.values[text] = value


_narrative = constructor(Narrative)
_org_ref = constructor(OrgRef)
_dimension = constructor(Dimension)
# ISO date text -> date, for the few thousand distinct dates of a file (read on hot paths).
KNOWN_DATES: dict[str, date] = {}
_DIMENSIONS: dict[tuple[str, str], Dimension] = {}


def narratives(el: Element, shared: Shared | None = None) -> tuple[Narrative, ...]:
    """2.0x ``<narrative>`` children, or (1.0x) the element's own text."""
    key = _texts(el)
    if not key:
        return ()
    if shared is not None and (hit := shared.names.get(key)) is not None:
        return hit
    return _narratives(key, shared)


def _texts(el: Element) -> tuple[str, ...]:
    """(text, lang, text, lang, ...) of the narratives: a cheap key to share them by."""
    # xml:lang is read only where there are attributes, and the container's only when a
    # narrative has none of its own: a namespaced get() costs more than the child's visit.
    lang: str | None = None
    found: list[str] = []
    for child in el[:]:  # a list of the children: cheaper than lxml's iterator
        if child.tag == "narrative":
            text = child.text
            if text and (text := text.strip()):
                own = child.get(XML_LANG) if len(child.attrib) else None
                if own is None:
                    if lang is None:
                        lang = el.get(XML_LANG, "") if len(el.attrib) else ""
                    own = lang
                found += (text, own)
    if found:
        return tuple(found)
    text = el.text
    if not text or not (text := text.strip()):
        return ()
    return (text, el.get(XML_LANG, ""))


def _narratives(key: tuple[str, ...], shared: Shared | None) -> tuple[Narrative, ...]:
    if not key:
        return ()
    if shared is not None and (hit := shared.names.get(key)) is not None:
        return hit
    value = tuple(_narrative(text=key[i], lang=key[i + 1]) for i in range(0, len(key), 2))
    if shared is not None and len(shared.names) < _SHARED_MAX:
        shared.names[key] = value
    return value


def attr(el: Element, name: str) -> str:
    value = el.get(name)
    return value.strip() if value else ""


def org(
    el: Element,
    activity_id_attr: str = "",
    shared: Shared | None = None,
    notes: Notes | None = None,
    part: str = "",
) -> OrgRef:
    """An organisation; a type outside OrganisationType gets a note in ``notes`` (on ``part``,
    default the element's own tag): a 1.0x word ("Multilateral") is mapped to its code, any
    other value is kept as given."""
    get = el.get
    ref, kind = get("ref"), get("type")
    if kind and notes is not None and kind not in _ORGANISATION_TYPES:
        _org_type_note(el, kind, notes, part)
    activity_id = get(activity_id_attr) if activity_id_attr else None
    texts = _texts(el)
    key = (ref, kind, activity_id, texts)
    if shared is not None and (hit := shared.orgs.get(key)) is not None:
        return hit
    kind = kind.strip() if kind else ""
    value = _org_ref(
        ref=ref.strip() if ref else "",
        type=codelists.ORGANISATION_TYPE_1X.get(kind.upper(), kind),
        names=_narratives(texts, shared),
        activity_id=activity_id.strip() if activity_id else "",
    )
    if shared is not None and len(shared.orgs) < _SHARED_MAX:
        shared.orgs[key] = value
    return value


def _org_type_note(el: Element, raw: str, notes: Notes, part: str) -> None:
    kind = raw.strip()
    if not kind or kind in _ORGANISATION_TYPES:
        return
    tag = str(el.tag)
    where = part or tag
    mapped = codelists.ORGANISATION_TYPE_1X.get(kind.upper())
    if mapped is not None:
        problem = f"{tag} type {kind!r} is a 1.0x word; read as OrganisationType {mapped}"
        add_once(notes, note(where, problem, el.sourceline, MAPPED, kind))
    else:
        problem = f"{tag} type {kind!r} is not in the OrganisationType codelist"
        add_once(notes, note(where, problem, el.sourceline, KEPT, kind))


def add_once(notes: Notes, found: DataNote) -> None:
    """Add ``found`` unless the same problem is already noted (a word repeated on every
    transaction is one note, at its first line)."""
    key = (found.part, found.problem)
    if key not in notes.seen:
        notes.seen.add(key)
        notes.append(found)


def decimal(el: Element, text: str, path: str) -> Decimal:
    # Fast path for the usual plain "1234.56": what it accepts, parse_decimal reads the same.
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return Decimal(text)
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise Reject(path, f"{label(path)} {exc}", el.sourceline, text.strip()) from None


def percentage(el: Element, path: str, notes: Notes) -> Decimal | None:
    """The @percentage; one that is not a number from 0 to 100 is dropped, with a note."""
    text = attr(el, "percentage")
    if not text:
        return None
    try:
        value = decimal(el, text, f"{path}/@percentage")
    except Reject:
        problem = f"percentage {text!r} is not a number"
    else:
        if 0 <= value <= 100:
            return value
        problem = f"percentage {text} is {'above 100' if value > 100 else 'below 0'}"
    notes.append(note(path, problem, el.sourceline, DROPPED, text))
    return None


def iso_date(el: Element, path: str, notes: Notes, name: str = "iso-date") -> date | None:
    """The element's ISO date attribute; a malformed or impossible one is dropped, with a
    note in ``notes``."""
    text = el.get(name)
    if not text:
        return None
    found = KNOWN_DATES.get(text)
    if found is None:
        try:
            found = _parse_date(text)
        except ValueError as exc:
            problem = f"{_date_place(path, name)} {exc}"
        else:
            if found is not None or not text.strip():
                return found
            problem = f"{_date_place(path, name)} {text.strip()!r} is not an ISO date"
        notes.append(note(path, problem, el.sourceline, DROPPED, text.strip()))
    return found


def _date_place(path: str, name: str) -> str:
    return label(path) if name == "iso-date" else name


def _parse_date(text: str) -> date | None:
    """``parse_date`` with the result remembered (a file has few distinct dates)."""
    found = parse_date(text)
    if found is not None:
        if len(KNOWN_DATES) >= _SHARED_MAX:
            KNOWN_DATES.clear()
        KNOWN_DATES[text] = found
    return found


def date_and_text(el: Element, path: str, notes: Notes) -> tuple[date | None, str]:
    """@iso-date, else the text when it is a full ISO date; and the text when it says more.

    1.0x files often give only text ("2010"): that yields (None, "2010"), not 1 January. Text
    that only restates the ISO date ("2010-06-30") is not kept. Text that is an impossible
    date ("2019-02-30") is kept as the text, with a note.
    """
    found = iso_date(el, path, notes)
    text = el.text
    if not text or not (text := text.strip()):
        return found, ""
    if found is None:
        try:
            found = KNOWN_DATES.get(text) or _parse_date(text)
        except ValueError as exc:
            notes.append(note(path, f"{label(path)} {exc}", el.sourceline, KEPT, text))
        return found, "" if found is not None else text
    return found, "" if _same_date(text, found) else text


def _same_date(text: str, found: date) -> bool:
    if text == found.isoformat():
        return True
    try:
        return parse_date(text) == found
    except ValueError:
        return False


def dimensions(el: Element) -> tuple[Dimension, ...]:
    return tuple(dimension(child) for child in el.iterchildren("dimension"))


def dimension(el: Element) -> Dimension:
    """A ``<dimension>``; the few distinct name/value pairs of a file are normalised once."""
    get = el.get
    key = (get("name") or "", get("value") or "")
    found = _DIMENSIONS.get(key)
    if found is None:
        name, value = key[0].strip(), key[1].strip()
        norm_name, norm_value = normalise_dimension(name, value)
        found = _dimension(name=name, value=value, norm_name=norm_name, norm_value=norm_value)
        if len(_DIMENSIONS) >= _SHARED_MAX:
            _DIMENSIONS.clear()
        _DIMENSIONS[key] = found
    return found
