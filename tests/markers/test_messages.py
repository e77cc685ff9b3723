"""The evidence flags' messages: English as stored, read back into their template and
arguments, so that a page shows them in the reader's language."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets)
from __future__ import annotations

import re

import pytest
from django.utils import translation

from parity.markers import messages

ARGUMENTS = {
    "score": "1",
    "count": "3",
    "version": "1.05",
    "value": "'7'",
    "sectors": "15170 women's rights organisations (40%)",
    "title": "'Women trained: by sex'",
    "end": "2020-12-31",
    "listed": "XM-A, XM-B",
    "aid_types": "A01 general budget support",
}


@pytest.mark.parametrize("template", messages.TEMPLATES)
def test_every_message_reads_back_to_itself_in_english(template: str) -> None:
    english = template % ARGUMENTS
    assert messages.translate(english, lambda text: text) == english


@pytest.mark.parametrize("language", ["ja", "th"])
@pytest.mark.parametrize("template", messages.TEMPLATES)
def test_every_message_is_translated_with_its_arguments_kept(template: str, language: str) -> None:
    english = template % ARGUMENTS
    with translation.override(language):
        shown = messages.translate(english, translation.gettext)
    assert shown == translation.trans_real.translation(language).gettext(template) % ARGUMENTS
    for name in re.findall(r"%\((\w+)\)s", template):
        assert ARGUMENTS[name] in shown
    assert not re.search(r"gender|marker|indicator|sector", _without_arguments(shown)), shown


def _without_arguments(text: str) -> str:
    for value in ARGUMENTS.values():
        text = text.replace(value, "")
    return text.replace("RMNCH", "").replace("IATI", "")


def test_a_message_no_template_matches_is_shown_as_it_is() -> None:
    assert messages.translate("a note from elsewhere", lambda text: "no") == "a note from elsewhere"


def test_a_real_flag_reads_in_japanese() -> None:
    with translation.override("ja"):
        shown = messages.translate(messages.NOT_SCREENED, translation.gettext)
    assert shown == "ジェンダー平等の政策マーカーがありません：未審査です（0とは異なります）"
