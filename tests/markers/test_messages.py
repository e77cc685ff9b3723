"""The evidence flags' messages: an id and arguments, rendered in English or in the reader's
language, the arguments kept as they were."""

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


@pytest.mark.parametrize("message_id", messages.TEMPLATES)
def test_every_message_renders_in_english_with_its_arguments(message_id: str) -> None:
    template = messages.TEMPLATES[message_id]
    english = messages.render(message_id, ARGUMENTS)
    assert english == template % ARGUMENTS
    for name in re.findall(r"%\((\w+)\)s", template):
        assert ARGUMENTS[name] in english


@pytest.mark.parametrize("language", ["ja", "th"])
@pytest.mark.parametrize("message_id", messages.TEMPLATES)
def test_every_message_is_translated_with_its_arguments_kept(message_id: str, language: str):
    template = messages.TEMPLATES[message_id]
    with translation.override(language):
        shown = messages.render(message_id, ARGUMENTS, translation.gettext)
    assert shown == translation.trans_real.translation(language).gettext(template) % ARGUMENTS
    for name in re.findall(r"%\((\w+)\)s", template):
        assert ARGUMENTS[name] in shown
    assert not re.search(r"gender|marker|indicator|sector", _without_arguments(shown)), shown


def _without_arguments(text: str) -> str:
    for value in ARGUMENTS.values():
        text = text.replace(value, "")
    return text.replace("RMNCH", "").replace("IATI", "")


def test_ids_are_distinct_and_read_as_slugs() -> None:
    assert len(set(messages.TEMPLATES)) == len(messages.TEMPLATES)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", message_id) for message_id in messages.TEMPLATES)


def test_a_message_kept_as_written_or_no_longer_known_is_given_as_its_text() -> None:
    kept = {"text": "a note from elsewhere"}
    assert messages.render(messages.AS_WRITTEN, kept, lambda text: "no") == "a note from elsewhere"
    assert messages.render("a-retired-message", {}) == "a-retired-message"


def test_a_real_flag_reads_in_japanese() -> None:
    with translation.override("ja"):
        shown = messages.render(messages.NOT_SCREENED, {}, translation.gettext)
    assert shown == "ジェンダー平等の政策マーカーがありません：未審査です（0とは異なります）"
