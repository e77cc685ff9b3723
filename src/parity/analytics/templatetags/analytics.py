"""Table cells by column kind: amounts with separators, shares as percentages; long option
lists and figure tables built in Python."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from parity.analytics.definitions import OTHERS
from parity.pagekit.templatetags.parity import column_label

register = template.Library()

# Row labels the figures write in English (definitions.py is translation-free): read back here.
_AVERAGE = re.compile(r"(\d{4})-(\d{4}) average")


def label(value: str) -> str:
    """A figure's text cell in the reader's language: a period, "All others", a name."""
    if found := _AVERAGE.fullmatch(value):
        return gettext("%(first)s-%(last)s average") % {"first": found[1], "last": found[2]}
    if found := OTHERS.fullmatch(value):
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
    and so does ``format_html`` once per option (``html.escape`` is the same escaping). The
    translated, escaped options are kept per list and language; a request only marks the
    chosen one."""
    chosen = "" if selected is None else str(selected)
    rendered = _options(tuple(choices), with_code, get_language())
    return mark_safe(  # every value was escaped in _options
        "".join(
            f"{start} selected{end}" if text == chosen else start + end
            for text, start, end in rendered
        )
    )


@lru_cache(maxsize=64)
def _options(
    choices: tuple[tuple[Any, Any], ...], with_code: bool, language: str | None
) -> tuple[tuple[str, str, str], ...]:
    """Per option: its value, and its HTML before and after where " selected" goes."""
    del language  # part of the cache key: gettext below answers in the active language
    rendered = []
    for code, name in choices:
        text = str(code)
        name = gettext(str(name)) if name else ""
        shown = f"{code} {name}" if with_code else name
        rendered.append((text, f'<option value="{escape(text)}"', f">{escape(shown)}</option>"))
    return tuple(rendered)


@register.simple_tag
def figure_rows(table: Any, figure: Any) -> str:
    """A figure table's head and body rows, built in Python for the same reason as
    ``options``: the tables of a page hold thousands of cells, and a template loop with a
    condition and two filters per cell was most of a cached page's time. A priority area's
    "code" is Parity's slug of it (the downloads keep it: the area filter's value); the page
    shows the name alone."""
    columns = [
        column
        for column in table.columns
        if column.key != "code" or figure.name != "priority-areas"
    ]
    classes = [' class="num"' if numeric(column) else "" for column in columns]
    head = "".join(
        f'<th scope="col"{css}>{escape(column_label(column))}</th>'
        for column, css in zip(columns, classes, strict=True)
    )
    parts = [f"<thead><tr>{head}</tr></thead><tbody>"]
    for row in table.rows:
        cells = "".join(
            f"<td{css}>{escape(cell(row, column))}</td>"
            for column, css in zip(columns, classes, strict=True)
        )
        parts.append(f"<tr>{cells}</tr>\n")
    if not table.rows:
        empty = escape(gettext("No data for this selection."))
        parts.append(f'<tr><td colspan="{len(columns)}">{empty}</td></tr>')
    parts.append("</tbody>")
    return mark_safe("".join(parts))  # every value is escaped above
