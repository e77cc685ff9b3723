"""Table cells by column kind: amounts with separators, shares as percentages."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# Row labels the figures write in English (definitions.py is translation-free): read back here.
_AVERAGE = re.compile(r"(\d{4})-(\d{4}) average")
_OTHERS = re.compile(r"All others \((\d+)\)")


def label(value: str) -> str:
    """A figure's text cell in the reader's language: a period, "All others", a name."""
    if found := _AVERAGE.fullmatch(value):
        return gettext("%(first)s-%(last)s average") % {"first": found[1], "last": found[2]}
    if found := _OTHERS.fullmatch(value):
        return gettext("All others (%(n)s)") % {"n": found[1]}
    return gettext(value) if value else value


@register.filter
def cell(row: dict[str, Any], column: Any) -> str:
    value = row.get(column.key)
    if value is None:
        return "—"
    if column.kind == "share":
        return f"{Decimal(value) * 100:.1f}%"
    if column.kind in ("amount", "number", "count") and isinstance(value, (int, Decimal)):
        return f"{value:,}"
    return label(str(value)) if column.kind == "text" else str(value)


@register.filter
def numeric(column: Any) -> bool:
    return column.kind in ("amount", "number", "count", "share", "year")


@register.simple_tag
def options(choices: Any, selected: Any, with_code: bool = False) -> str:
    """<option> elements for a long code list, built in Python: a template loop over the 250
    countries, 300 sectors and 80 aid types costs more than every figure's query together,
    and so does ``format_html`` once per option (``html.escape`` is the same escaping)."""
    chosen = "" if selected is None else str(selected)
    parts = []
    for code, name in choices:
        text = str(code)
        name = gettext(str(name)) if name else ""
        shown = f"{code} {name}" if with_code else name
        mark = " selected" if text == chosen else ""
        parts.append(f'<option value="{escape(text)}"{mark}>{escape(shown)}</option>')
    return mark_safe("".join(parts))  # every value is escaped above
