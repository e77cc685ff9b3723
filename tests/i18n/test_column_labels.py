"""The dashboard's column headers in the reader's language, a purpose code's included: the code
kept, the purpose's name from the catalogue ("15170 女性の権利のための...")."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from parity.analytics.definitions import purpose_codes
from parity.markers.purposes import GENDER_PURPOSE_CODES
from parity.pagekit.templatetags.parity import column_label


@pytest.mark.parametrize("language", ["ja", "th"])
def test_the_purpose_code_columns_are_named_in_the_readers_language(language: str) -> None:
    labels = [column.label for column in purpose_codes([]).columns]
    with translation.override(language):
        shown = [column_label(label) for label in labels]
    purposes = {label.split(" ")[0]: text for label, text in zip(labels, shown, strict=True)}
    for code in GENDER_PURPOSE_CODES:
        assert purposes[code].startswith(f"{code} "), purposes[code]
    latin = [text for text in shown if re.search("[A-Za-z]{3}", text)]
    assert latin == []


def test_other_columns_are_translated_as_before() -> None:
    with translation.override("ja"):
        assert column_label("Year") == "年"
