"""English, Japanese and Thai interfaces (completeness: test_catalogues.py): the language the
user picks is kept, and an activity's narratives follow it when the file has that language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from parity.activities.loader import ActivityLoader
from parity.iati.reader import read_activities

FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="JPY" xml:lang="en">
  <iati-identifier>XM-LANG-1</iati-identifier>
  <reporting-org ref="XM-LANG" type="10"><narrative>Language test agency</narrative></reporting-org>
  <title>
   <narrative>Support for women entrepreneurs</narrative>
   <narrative xml:lang="ja">女性起業家への支援</narrative>
  </title>
  <description>
   <narrative>Training and small loans.</narrative>
   <narrative xml:lang="ja">研修と小口融資。</narrative>
  </description>
  <activity-status code="2"/>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def bilingual(db, tmp_path: Path) -> str:
    path = tmp_path / "bilingual.xml"
    path.write_text(FILE, encoding="utf-8")
    ActivityLoader().load(read_activities(path))
    return "/activities/XM-LANG-1/"


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("Activities", "案件"),
        ("Dashboard", "ダッシュボード"),
        ("Pledges", "誓約"),
        ("Log in", "ログイン"),
    ],
)
def test_it_translates_the_navigation(english: str, japanese: str) -> None:
    with translation.override("ja"):
        assert translation.gettext(english) == japanese


@pytest.mark.parametrize(
    ("language", "title", "description", "nav"),
    [
        ("en", "Support for women entrepreneurs", "Training and small loans.", "Activities"),
        ("ja", "女性起業家への支援", "研修と小口融資。", "案件"),
    ],
)
def test_it_shows_the_narrative_in_the_users_language(
    bilingual: str, language: str, title: str, description: str, nav: str
) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(bilingual).content.decode()
    assert f"<h1>{title}</h1>" in page
    assert description in page
    assert f'<html lang="{language}">' in page
    assert f">{nav}</a>" in page


def test_it_follows_the_browsers_language_before_any_choice(bilingual: str) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5").get(bilingual).content.decode()
    assert "<h1>女性起業家への支援</h1>" in page


def test_it_falls_back_to_the_files_default_language(bilingual: str) -> None:
    """Thai is offered, the file has no Thai title: the English (default) one is shown, marked
    as English on the Thai page."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    page = client.get(bilingual).content.decode()
    assert '<h1><span lang="en">Support for women entrepreneurs</span></h1>' in page


def test_it_remembers_the_language_picked_in_the_selector(client: Client, db) -> None:
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert response.status_code == 302
    assert ">ダッシュボード</a>" in client.get("/").content.decode()
