"""Template helpers: narratives in the reader's language, codes with their names, money, and
addresses from the data that may be links."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from parity.iati import codelists
from parity.markers import available_schemes, load_scheme
from parity.markers import messages as flag_messages
from parity.pagekit.links import link_url
from parity.providers import member_country

register = template.Library()


@register.filter
def narrative(narratives: list[dict] | None, fallback: str = "") -> str:
    """The text in the reader's language, else English, else the first one given."""
    chosen = _chosen(narratives)
    return chosen["text"] if chosen else fallback


def _chosen(narratives: list[dict] | None) -> dict | None:
    """The narrative ``narrative`` shows: the reader's language, else English, else the one
    without a language, else the first."""
    if not narratives:
        return None
    by_lang = {item.get("lang", ""): item for item in narratives}
    for wanted in (_page_language(), "en", ""):
        if wanted in by_lang:
            return by_lang[wanted]
    return narratives[0]


def _page_language() -> str:
    return (get_language() or "en").split("-")[0].lower()


# A language tag as files give them: "en", "ja", "EN", "pt-BR", "zh-Hans".
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _foreign_language(narratives: list[dict] | None, default_lang: str) -> str:
    """The language of the text ``narrative`` shows (its own, else the activity's default)
    when it is not the page's; "" when it is the page's, not known, or there is no text."""
    chosen = _chosen(narratives)
    if not chosen:
        return ""
    lang = (chosen.get("lang") or default_lang or "").strip()
    if not _LANGUAGE_TAG.fullmatch(lang):  # none, or not a language code ("English", "?")
        return ""
    return lang if lang.split("-")[0].lower() != _page_language() else ""


@register.simple_tag
def lang_attr(narratives: list[dict] | None, default_lang: str = "") -> str:
    """`` lang="fr"`` for the element that shows ``narratives|narrative`` when its text is in
    another language than the page, so that browsers pick its fonts (Japanese and Chinese
    share characters and differ in glyphs) and screen readers its pronunciation; else "".
    For IATI narratives, which declare their language; the source document's texts, which
    declare none, are marked by their script (``commitments.templatetags.source_text``)."""
    lang = _foreign_language(narratives, default_lang)
    return format_html(' lang="{}"', lang) if lang else ""


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
def flag_message(flag: Any) -> str:
    """An evidence flag's message (a stored Flag or an evidence_check.Contradiction: its
    template id and arguments) in the reader's language: ``parity.markers.messages``."""
    return flag_messages.render(flag.message_id, flag.message_args, gettext)


@cache
def _scheme_names() -> dict[str, str]:
    return {scheme: load_scheme(scheme).name for scheme in available_schemes()}


@register.filter
def scheme_name(scheme: object) -> str:
    """A marker scheme by its name in the reader's language ("OECD-DACジェンダー平等政策マーカー"),
    not its id ("oecd-dac-gender"); an id Parity does not ship is shown as it is."""
    name = _scheme_names().get(str(scheme))
    return gettext(name) if name else str(scheme)


@register.filter
def bracketed(value: object) -> str:
    """A note in brackets as the reader's language writes them: "(ODA)", with the full-width
    brackets in Japanese. For an aside after translated words, instead of a bare "(...)"."""
    return gettext("(%(text)s)") % {"text": value}


@register.filter
def column_label(column: Any) -> str:
    """A table column's label in the reader's language, after the code it stands for if any
    ("15170 女性の権利のための団体・運動及び政府機関")."""
    label = translated(column.label)
    return f"{column.code} {label}" if column.code else label


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
def org_name(org: object, name: object = None) -> str:
    """An organisation by ``organisation_name``: ``org`` is an ``Organisation`` (its ``ref``
    and ``name``) or an identifier; ``name`` the name the activity gives it, if any (a
    participating organisation's or a transaction provider's narrative:
    ``{{ t.provider_ref|org_name:text }}``)."""
    ref = org if isinstance(org, str) else getattr(org, "ref", "")
    given = getattr(org, "name", "") if name is None else name
    return organisation_name(str(ref or ""), str(given or ""))


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


@register.simple_tag
def activity_text(activity) -> str:
    """An activity's title in the reader's language, from its titles, else the stored title;
    marked with its language when that is not the page's (see ``lang_attr``)."""
    text = narrative(activity.titles, activity.title) or activity.iati_identifier
    lang = _foreign_language(activity.titles, activity.default_lang)
    return format_html('<span lang="{}">{}</span>', lang, text) if lang else text
