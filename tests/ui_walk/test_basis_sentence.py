"""The dashboard's basis sentence ends as each language ends a sentence: a full stop in
English, 。 in Japanese, nothing in Thai (it ended ").", an English full stop, on Japanese
pages, and carried one into Thai)."""

# ruff: noqa: RUF001 (Japanese text keeps its own colon)
from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from parity.activities.loader import ActivityLoader
from parity.sample import generate_portfolio
from tests.ui_walk.test_names_not_codes import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    ActivityLoader(is_sample=True).load(generate_portfolio(20))
    call_command("refresh_figures", stdout=StringIO())


@pytest.mark.parametrize(
    ("language", "opening", "ending"),
    [
        ("en", "Basis of every money figure: <strong>", "</strong>."),
        ("ja", "すべての金額の基準：<strong>", "</strong>。"),
        ("th", "ฐานของตัวเลขเงินทั้งหมด: <strong>", "</strong>\n"),
    ],
)
def test_the_basis_sentence_ends_in_the_readers_language(
    demo: None, language: str, opening: str, ending: str
) -> None:
    page = read("/dashboard/?provider_group=all", language)
    found = re.search(re.escape(opening) + r"[^<]+" + re.escape(ending), page)
    assert found, page[page.find("<main") : page.find("<main") + 1500]
    notes = re.findall(r'<p class="note">([^<]*)', page)
    assert notes  # every money figure repeats its basis
    if language != "en":
        assert not any(note.rstrip().endswith(").") for note in notes), notes
