"""Table cells by column kind: amounts with separators, shares as percentages."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def cell(row: dict[str, Any], column: Any) -> str:
    value = row.get(column.key)
    if value is None:
        return "—"
    if column.kind == "share":
        return f"{Decimal(value) * 100:.1f}%"
    if column.kind in ("amount", "number", "count") and isinstance(value, (int, Decimal)):
        return f"{value:,}"
    return str(value)


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
        label = f"{code} {name}" if with_code else str(name)
        mark = " selected" if text == chosen else ""
        parts.append(f'<option value="{escape(text)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # every value is escaped above
