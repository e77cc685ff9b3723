"""Small element readers shared by the activity parser: narratives, codes, dates, numbers.

Each takes an lxml element and returns model values. ``Reject`` carries the element path and
the reason when a value makes the whole activity unusable.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.model import Dimension, Narrative, OrgRef
from parity.iati.normalise import normalise_dimension, parse_date, parse_decimal

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Element = etree._Element


class Reject(Exception):  # noqa: N818 - a control-flow signal, not a user-facing error
    """Raised while parsing an activity; becomes a RejectedActivity."""

    def __init__(self, element: str, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.element = element
        self.reason = reason
        self.line = line


# Values met again and again (org names, dimension pairs, dates) are built once and shared:
# the objects are frozen, so sharing is invisible to callers, and it spares both the time to
# build them and, in an activity with 300,000 transactions, the memory to hold them.
_SHARED_MAX = 20_000  # a file with ever-new values must not grow a cache without bound
OrgKey = tuple[str | None, str | None, str | None, tuple[str, ...]]


class Shared:
    """The values shared within one file: narratives by their texts, organisations by theirs."""

    __slots__ = ("names", "orgs")

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], tuple[Narrative, ...]] = {}
        self.orgs: dict[OrgKey, OrgRef] = {}


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
    lang = el.get(XML_LANG, "")
    found: list[str] = []
    for child in el:
        if child.tag == "narrative":
            text = child.text
            if text and (text := text.strip()):
                found += (text, child.get(XML_LANG, lang))
    if found:
        return tuple(found)
    text = el.text
    if not text or not (text := text.strip()):
        return ()
    return (text, lang)


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


def org(el: Element, activity_id_attr: str = "", shared: Shared | None = None) -> OrgRef:
    get = el.get
    ref, kind = get("ref"), get("type")
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


def decimal(el: Element, text: str, path: str) -> Decimal:
    # Fast path for the usual plain "1234.56": what it accepts, parse_decimal reads the same.
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return Decimal(text)
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise Reject(path, str(exc), el.sourceline) from None


def percentage(el: Element, path: str) -> Decimal | None:
    text = attr(el, "percentage")
    if not text:
        return None
    value = decimal(el, text, f"{path}/@percentage")
    if not 0 <= value <= 100:
        raise Reject(
            f"{path}/@percentage",
            f"percentage {text} is not between 0 and 100",
            el.sourceline,
        )
    return value


def iso_date(el: Element, path: str, name: str = "iso-date") -> date | None:
    """The element's ISO date attribute; a malformed or impossible one rejects the activity."""
    text = el.get(name)
    if not text:
        return None
    found = KNOWN_DATES.get(text)
    if found is None:
        found = _parse_date(el, text, f"{path}/@{name}")
        if found is None:
            if not text.strip():
                return None
            raise Reject(f"{path}/@{name}", f"{text.strip()!r} is not an ISO date", el.sourceline)
    return found


def _parse_date(el: Element, text: str, where: str) -> date | None:
    """``parse_date`` with the result remembered (a file has few distinct dates)."""
    try:
        found = parse_date(text)
    except ValueError as exc:
        raise Reject(where, str(exc), el.sourceline) from None
    if found is not None:
        if len(KNOWN_DATES) >= _SHARED_MAX:
            KNOWN_DATES.clear()
        KNOWN_DATES[text] = found
    return found


def date_and_text(el: Element, path: str) -> tuple[date | None, str]:
    """@iso-date, else the text when it is a full ISO date; and the text when it says more.

    1.0x files often give only text ("2010"): that yields (None, "2010"), not 1 January. Text
    that only restates the ISO date ("2010-06-30") is not kept.
    """
    found = iso_date(el, path)
    text = el.text
    if not text or not (text := text.strip()):
        return found, ""
    if found is None:
        found = KNOWN_DATES.get(text) or _parse_date(el, text, path)
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
