"""Small element readers shared by the activity parser: narratives, codes, dates, numbers.

Each takes an lxml element and returns model values. ``Reject`` carries the element path and
the reason when a value makes the whole activity unusable.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

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


def narratives(el: Element) -> tuple[Narrative, ...]:
    """2.0x ``<narrative>`` children, or (1.0x) the element's own text."""
    lang = el.get(XML_LANG, "")
    found = [
        Narrative(text, child.get(XML_LANG, lang))
        for child in el
        if child.tag == "narrative" and (text := (child.text or "").strip())
    ]
    if found:
        return tuple(found)
    text = (el.text or "").strip()
    return (Narrative(text, lang),) if text else ()


def attr(el: Element, name: str) -> str:
    return (el.get(name) or "").strip()


def org(el: Element, activity_id_attr: str = "") -> OrgRef:
    return OrgRef(
        ref=attr(el, "ref"),
        type=attr(el, "type"),
        names=narratives(el),
        activity_id=attr(el, activity_id_attr) if activity_id_attr else "",
    )


def decimal(el: Element, text: str, path: str) -> Decimal:
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
        raise Reject(f"{path}/@percentage", f"percentage {text} is not between 0 and 100",
                     el.sourceline)
    return value


def iso_date(el: Element, path: str, name: str = "iso-date") -> date | None:
    """The element's ISO date attribute; a malformed or impossible one rejects the activity."""
    text = attr(el, name)
    if not text:
        return None
    try:
        parsed = parse_date(text)
    except ValueError as exc:
        raise Reject(f"{path}/@{name}", str(exc), el.sourceline) from None
    if parsed is None:
        raise Reject(f"{path}/@{name}", f"{text!r} is not an ISO date", el.sourceline)
    return parsed


def date_and_text(el: Element, path: str) -> tuple[date | None, str]:
    """@iso-date, else the text when it is a full ISO date; the text is always kept.

    1.0x files often give only text ("2010"): that yields (None, "2010"), not 1 January.
    """
    text = (el.text or "").strip()
    found = iso_date(el, path)
    if found is None and text:
        try:
            found = parse_date(text)
        except ValueError as exc:
            raise Reject(path, str(exc), el.sourceline) from None
    return found, text


def dimensions(el: Element) -> tuple[Dimension, ...]:
    found = []
    for child in el:
        if child.tag == "dimension":
            name, value = attr(child, "name"), attr(child, "value")
            found.append(Dimension(name, value, *normalise_dimension(name, value)))
    return tuple(found)
