"""The dashboard's column headers in the reader's language, a purpose code's included: the
column carries its code apart from its name, and the page shows the code then the purpose's
name from the catalogue ("15170 女性の権利のための...")."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from parity.analytics.definitions import purpose_codes
from parity.analytics.tables import Column
from parity.markers.purposes import GENDER_PURPOSE_CODES
from parity.pagekit.templatetags.parity import column_label


def test_the_purpose_code_columns_carry_their_code_apart_from_their_name() -> None:
    coded = {c.code: c.label for c in purpose_codes([]).columns if c.code}
    assert coded == GENDER_PURPOSE_CODES


@pytest.mark.parametrize("language", ["ja", "th"])
def test_the_purpose_code_columns_are_named_in_the_readers_language(language: str) -> None:
    columns = [c for c in purpose_codes([]).columns if c.code]
    with translation.override(language):
        shown = [column_label(column) for column in columns]
    for column, text in zip(columns, shown, strict=True):
        assert text.startswith(f"{column.code} "), text
    latin = [text for text in shown if re.search("[A-Za-z]{3}", text)]
    assert latin == []


def test_other_columns_are_translated_as_before() -> None:
    with translation.override("ja"):
        assert column_label(Column("year", "Year", "year")) == "年"
