"""The dashboard's tables and long option lists, built in Python (``templatetags.analytics``):
escaped, numbers right-aligned, a priority area's slug hidden, and each in the reader's
language even though the options are kept between requests."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from parity.analytics.tables import Column, Table
from parity.analytics.templatetags.analytics import figure_rows, options


def _table() -> Table:
    table = Table(
        [
            Column("code", "Code", "text"),
            Column("name", "Name", "text"),
            Column("amount", "Amount", "amount"),
            Column("share", "Share", "share"),
        ]
    )
    table.rows.append(
        {"code": "x<1>", "name": 'A & "B"', "amount": Decimal("1234567.50"), "share": None}
    )
    return table


def test_cells_are_escaped_and_numbers_aligned() -> None:
    html = figure_rows(_table(), SimpleNamespace(name="top-recipients"))
    assert '<th scope="col">Code</th>' in html
    assert '<th scope="col" class="num">Amount</th>' in html
    assert "<td>x&lt;1&gt;</td><td>A &amp; &quot;B&quot;</td>" in html
    assert '<td class="num">1,234,567.50</td><td class="num">—</td>' in html


def test_a_priority_area_table_leaves_out_the_slug_column() -> None:
    html = figure_rows(_table(), SimpleNamespace(name="priority-areas"))
    assert "Code" not in html and "x&lt;1&gt;" not in html
    assert html.count("<td") == 3


def test_an_empty_table_says_so_across_every_column_in_the_readers_language() -> None:
    empty = Table([Column("name", "Name"), Column("amount", "Amount", "amount")])
    with translation.override("ja"):
        html = figure_rows(empty, SimpleNamespace(name="top-recipients"))
    assert '<td colspan="2">' in html
    assert "No data for this selection." not in html  # translated


def test_options_mark_the_chosen_one_and_follow_the_language() -> None:
    choices = [("10", "ODA"), ("20", "OOF"), ("a<b", "Tom & Jerry")]
    with translation.override("en"):
        english = options(choices, "20", with_code=True)
        again = options(choices, "10", with_code=True)
    assert '<option value="20" selected>20 OOF</option>' in english
    assert '<option value="10">10 ODA</option>' in english
    assert '<option value="a&lt;b">a&lt;b Tom &amp; Jerry</option>' in english
    assert '<option value="10" selected>' in again and '<option value="20">' in again
    with translation.override("ja"):
        japanese = options([("", "All")], "10")
    with translation.override("en"):
        assert options([("", "All")], "10") == '<option value="">All</option>'
    assert japanese == '<option value="">すべて</option>'
