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
