"""A pledge progress report as PDF in Japanese and Thai: the text is there and set in fonts that
have its script (Noto CJK, a Thai font from fonts-thai-tlwg), so no character prints as a box."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from parity.commitments.seed import load_seed

THAI_FONTS = (
    "Loma",
    "Garuda",
    "Kinnari",
    "Norasi",
    "Sawasdee",
    "Umpush",
    "Laksaman",
    "Noto-Sans-Thai",
)


def report(language: str) -> tuple[str, set[str]]:
    """The G7 Ise-Shima pledges' PDF report read back: its text and its embedded font names."""
    from pypdf import PdfReader

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("commitments:event-report-pdf", args=["g7-ise-shima-2016"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    return text, fonts


@pytest.mark.parametrize(
    ("language", "words", "fonts"),
    [
        ("ja", ["進捗報告", "この会議の誓約"], ("Noto-Sans-CJK-JP",)),
        ("th", ["รายงานความคืบหน้า", "ข้อมูล ณ วันที่"], THAI_FONTS),
    ],
)
def test_the_pdf_report_is_in_the_readers_language_with_its_fonts(
    db, language: str, words: list[str], fonts: tuple[str, ...]
) -> None:
    load_seed()
    text, embedded = report(language)
    for word in words:
        assert word in text
    assert "Pledges of this" not in text  # no English sentence left in the report
    assert any(name.startswith(fonts) for name in embedded), embedded
