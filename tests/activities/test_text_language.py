"""Texts from the data are marked with their language where it is not the page's, so that a
Japanese reader's browser shows an English title in Latin fonts and a Japanese title on an
English page in Japanese (not Chinese) glyphs, and screen readers pronounce each rightly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from parity.activities.loader import ActivityLoader
from parity.iati.reader import read_activities

pytestmark = pytest.mark.django_db

FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en">
  <iati-identifier>XM-LANG-1</iati-identifier>
  <reporting-org ref="XM-LANG" type="10"><narrative>Language test agency</narrative></reporting-org>
  <title><narrative>Shelters for survivors</narrative></title>
  <description><narrative>Safe houses in three provinces.</narrative></description>
  <result type="1"><title><narrative>Women sheltered</narrative></title>
   <indicator measure="1"><title><narrative>Survivors given shelter</narrative></title></indicator>
   <indicator measure="1"><title/></indicator>
  </result>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-LANG-2</iati-identifier>
  <reporting-org ref="XM-LANG" type="10"><narrative>Language test agency</narrative></reporting-org>
  <title><narrative xml:lang="ja">女性の経済的エンパワーメント</narrative>
   <narrative xml:lang="fr">Autonomisation économique des femmes</narrative></title>
  <description><narrative xml:lang="ja">農村女性の起業支援</narrative></description>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-LANG-3</iati-identifier>
  <reporting-org ref="XM-LANG" type="10"><narrative>Language test agency</narrative></reporting-org>
  <title><narrative>Route sans langue</narrative></title>
  <description><narrative xml:lang="French">Une route.</narrative></description>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def pages(client: Client, tmp_path: Path):
    path = tmp_path / "lang.xml"
    path.write_text(FILE, encoding="utf-8")
    ActivityLoader().load(read_activities(path))

    def get(url: str, language: str) -> str:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return re.sub(r"\s+", " ", response.content.decode())

    return get


def test_an_english_activity_on_a_japanese_page_is_marked_english(pages) -> None:
    page = pages("/activities/XM-LANG-1/", "ja")
    assert '<html lang="ja"' in page
    assert '<h1><span lang="en">Shelters for survivors</span></h1>' in page
    assert '<p lang="en">Safe houses in three provinces.</p>' in page
    assert '<span lang="en">Women sheltered</span></h3>' in page
    assert '<strong lang="en">Survivors given shelter</strong>' in page
    # A title the file does not give is said in the page's language, so it is not marked.
    with translation.override("ja"):
        not_given = gettext("title not given")
    assert f"<strong>{not_given}</strong>" in page


def test_the_pages_own_language_is_not_marked(pages) -> None:
    page = pages("/activities/XM-LANG-1/", "en")
    assert "<h1>Shelters for survivors</h1>" in page
    assert "<p>Safe houses in three provinces.</p>" in page
    assert 'lang="en">' not in page.split("<h1>")[1]


def test_the_text_shown_is_the_readers_language_else_english_else_the_first(pages) -> None:
    japanese = pages("/activities/XM-LANG-2/", "ja")
    assert "<h1>女性の経済的エンパワーメント</h1>" in japanese
    assert "<p>農村女性の起業支援</p>" in japanese
    english = pages("/activities/XM-LANG-2/", "en")
    assert '<h1><span lang="ja">女性の経済的エンパワーメント</span></h1>' in english
    assert '<p lang="ja">農村女性の起業支援</p>' in english
    thai = pages("/activities/XM-LANG-2/", "th")  # neither Thai nor English: the first
    assert '<h1><span lang="ja">女性の経済的エンパワーメント</span></h1>' in thai


def test_a_text_of_unknown_language_is_not_marked(pages) -> None:
    page = pages("/activities/XM-LANG-3/", "ja")
    assert "<h1>Route sans langue</h1>" in page
    assert "<p>Une route.</p>" in page  # "French" is not a language code: no attribute


def test_titles_in_the_list_are_marked_too(pages) -> None:
    page = pages("/activities/?q=XM-LANG", "ja")
    assert '<span lang="en">Shelters for survivors</span>' in page
    assert ">女性の経済的エンパワーメント</a>" in page
