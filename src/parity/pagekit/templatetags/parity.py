"""Template helpers: narratives in the reader's language, codes with their names, money, and
addresses from the data that may be links."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template
from django.utils.translation import get_language, gettext

from parity.iati import codelists
from parity.markers import messages as flag_messages
from parity.pagekit.links import link_url
from parity.providers import member_country

register = template.Library()


@register.filter
def narrative(narratives: list[dict] | None, fallback: str = "") -> str:
    """The text in the reader's language, else English, else the first one given."""
    if not narratives:
        return fallback
    lang = (get_language() or "en").split("-")[0]
    by_lang = {item.get("lang", ""): item["text"] for item in narratives}
    for wanted in (lang, "en", ""):
        if wanted in by_lang:
            return by_lang[wanted]
    return narratives[0]["text"]


@register.filter
def safe_url(value: object) -> str:
    """The address when it may be a link (http, https, mailto), else "": use it as
    ``{% with href=url|safe_url %}{% if href %}<a href="{{ href }}">...`` so that a
    ``javascript:`` address from an imported file is shown as text, never as a link."""
    return link_url(value) or ""


@register.filter
def code_name(code: object, names: dict) -> str:
    """A code's name in the reader's language ("Disbursement", not "3"); the code when the
    list does not name it."""
    label = names.get(str(code)) if names else None
    return gettext(str(label)) if label else str(code)


@register.filter
def translated(value: object) -> str:
    """A word a pure package marked with ``gettext_noop`` (a status, a column), in the
    reader's language; "" for None. Unlike ``{% translate var %}``, a "%" in it is kept."""
    return gettext(str(value)) if value not in (None, "") else ""


@register.filter
def flag_message(message: object) -> str:
    """An evidence flag's message, stored in English, in the reader's language (the template
    translated, then its arguments put in: ``parity.markers.messages``)."""
    return flag_messages.translate(str(message), gettext)


_PURPOSE_COLUMN = re.compile(r"^(\d{5}) (.+)$")
WITHDRAWN = " (withdrawn code)"


@register.filter
def column_label(label: object) -> str:
    """A table column's label in the reader's language (``translated``), a purpose code's
    ("15170 Women's rights organisations ...", as the figures name a dedicated code's column)
    with the code kept and the purpose's name from the catalogue."""
    found = _PURPOSE_COLUMN.match(str(label))
    if not found:
        return translated(label)
    code, name = found.groups()
    if name.endswith(WITHDRAWN):
        words = gettext("%(name)s (withdrawn code)") % {
            "name": gettext(name.removesuffix(WITHDRAWN))
        }
    else:
        words = gettext(name)
    return f"{code} {words}"


@register.filter
def page_numbers(page) -> list[int | None]:
    """The page numbers to link: the first, the last and those near the current one; None
    where numbers are left out."""
    elided = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return [n if isinstance(n, int) else None for n in elided]


@register.filter
def country(code: str) -> str:
    """A country's name from its ISO code ("Myanmar" for "MM"); the code when unknown."""
    name = codelists.name("Country", str(code).upper())
    return gettext(name).removesuffix(" (the)") if name else str(code)


def organisation_name(ref: str, name: str) -> str:
    """An organisation's name in the reader's language: a DAC member country by its own
    identifier (``XM-DAC-1``, as CRS rows name their provider) is the country's name."""
    iso = member_country(ref)
    return country(iso) if iso else (gettext(name) if name else ref)


@register.filter
def org_name(org: object) -> str:
    """``organisation_name`` of an ``Organisation``."""
    return organisation_name(str(getattr(org, "ref", "")), str(getattr(org, "name", "") or ""))


@register.filter
def named_as(name: str, ref: str) -> str:
    """``organisation_name`` of a name and identifier as the activity gives them (a
    participating organisation's narrative and ref)."""
    return organisation_name(str(ref or ""), str(name or ""))


@register.filter
def usd_million(value: Decimal | int | float | None) -> str:
    """US dollars as a reader of figures expects them: "12.3" (million, one decimal)."""
    if value is None:
        return gettext("not given")
    return f"{Decimal(value) / 1_000_000:,.1f}"


@register.filter
def amount(value: Decimal | None) -> str:
    """A money figure with thousands separators and no meaningless decimals."""
    if value is None:
        return "—"
    rounded = value.quantize(Decimal("1")) if value == value.to_integral() else value
    return f"{rounded:,.2f}" if rounded != rounded.to_integral() else f"{rounded:,.0f}"


@register.simple_tag(takes_context=True)
def activity_text(context, activity) -> str:
    """An activity's title in the reader's language, from its titles, else the stored title."""
    return narrative(activity.titles, activity.title) or activity.iati_identifier
