"""The source document's words as written: Parity does not machine-translate them. On a page in
another language they are marked ``lang="en"`` (so that screen readers pronounce them as
English and the browser picks a Latin font) and labelled as the English original.

Facts entered from the source document carry no language of their own; the document is in
English, so a text written only in Latin script is taken as English. A text an editor entered
in Japanese or Thai has characters of that script and is shown as entered, without the label.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

# Latin letters with their accents, and the punctuation, symbols and spaces English text uses.
_LATIN_BLOCKS = ((0x0000, 0x024F), (0x1E00, 0x1EFF), (0x2000, 0x20CF), (0x2100, 0x214F))


def is_english_original(text: object) -> bool:
    """True when ``text`` is in Latin script only and the reader's language is not English:
    then it is the English original on a page in another language."""
    value = str(text or "")
    if not value.strip() or (get_language() or "en").split("-")[0] == "en":
        return False
    return all(any(low <= ord(c) <= high for low, high in _LATIN_BLOCKS) for c in value)


@register.filter
def english(text: object) -> bool:
    """``{% if text|english %} lang="en"{% endif %}``: see is_english_original."""
    return is_english_original(text)


@register.filter
def as_written(text: object) -> SafeString:
    """A short text from the source (a title, a name, a status in the source's words) inline:
    ``<span lang="en">`` when it is the English original, else as it is (escaped)."""
    if is_english_original(text):
        return format_html('<span lang="en">{}</span>', text)
    return conditional_escape(text or "")


@register.simple_tag
def english_original(text: object, css: str = "") -> SafeString:
    """A paragraph from the source: as ``<p>``, with line breaks kept; when it is the English
    original, the paragraph is ``lang="en"`` and begins with a label in the reader's language
    (``<p class="source"><span class="badge">英語の原文</span> ...``)."""
    body = linebreaksbr(text or "", autoescape=True)
    attribute = format_html(' class="{}"', css) if css else ""
    if not is_english_original(text):
        return format_html("<p{}>{}</p>", attribute, body)
    label = gettext("English original")
    return format_html(
        '<p{}><span class="badge original">{}</span> <span lang="en">{}</span></p>',
        attribute,
        label,
        body,
    )


@register.simple_tag
def english_original_note(*texts: object) -> SafeString:
    """Once on a page that shows the source's words, when one of ``texts`` is the English
    original: why they are in English."""
    if not any(is_english_original(text) for text in texts):
        return mark_safe("")
    return format_html(
        '<p class="note">{}</p>',
        gettext(
            "The source document is in English: its words are shown as written, marked "
            "English original, not translated."
        ),
    )
