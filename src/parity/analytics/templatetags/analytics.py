"""Table cells by column kind: amounts with separators, shares as percentages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

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
    countries, 300 sectors and 80 aid types costs more than every figure's query together."""
    from django.utils.html import format_html_join

    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                code,
                " selected" if str(code) == chosen else "",
                f"{code} {name}" if with_code else name,
            )
            for code, name in choices
        ),
    )
