"""The dashboard, a pledge page and an activity page read in Japanese and Thai: the words a
reader meets (figure titles, statuses, status rules, codelist names, the source document's
names) are translated, and the English sentences they replace are gone."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets and colons)
from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.commitments.seed import load_seed
from parity.iati import codelists
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db

PLEDGE = "/pledges/oda-for-women-3bn-2016-2018/"
ACTIVITY = "activity"  # a sample activity with a recipient country and a disbursement
# English a Japanese or Thai reader used to meet on these pages.
ENGLISH = (
    "cannot be verified",
    "not started: the period has not begun",
    "on track: progress is at least",
    "Gender equality focused aid, share of bilateral allocable aid",
    "Aid by gender equality marker over time",
    "Principal (2)",
    "Significant (1)",
    "the table below gives every figure",
    ">Development Strategy for Gender Equality and Women&#x27;s Empowerment<",
    ">World Assembly for Women: WAW! 2016<",
    "Disbursement</td>",
    "Gender equality: ",
)
TRANSLATED = {
    "ja": {
        "/dashboard/": [
            "ジェンダー平等重視の援助（二国間配分可能援助に占める割合）",
            "ジェンダー平等マーカー別援助額の推移",
            "主要目的（2）",
            "誓約の進捗",
            "検証不能",
        ],
        PLEDGE: [
            "女性の活躍推進のための開発戦略",
            "国際女性会議WAW!（WAW! 2016）",
            "女性の権利の尊重",
            "検証不能",
            "未開始：期間がまだ始まっていない",
        ],
        ACTIVITY: ["ジェンダー平等: ", "支出（ディスバースメント）"],
    },
    "th": {
        "/dashboard/": [
            "ความช่วยเหลือที่มุ่งเน้นความเท่าเทียมทางเพศ สัดส่วนของความช่วยเหลือทวิภาคีที่จัดสรรได้",
            "วัตถุประสงค์หลัก (2)",
            "ความคืบหน้าของคำมั่น",
            "ตรวจสอบไม่ได้",
        ],
        PLEDGE: [
            "ยุทธศาสตร์การพัฒนาเพื่อความเท่าเทียมทางเพศและการเสริมพลังผู้หญิง",
            "ตรวจสอบไม่ได้",
            "ยังไม่เริ่ม: ช่วงเวลายังไม่เริ่มต้น",
        ],
        ACTIVITY: ["ความเท่าเทียมทางเพศ: ", "การเบิกจ่าย"],
    },
}


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(30))
    call_command("refresh_figures", stdout=StringIO())


def read(path: str, language: str) -> str:
    if path == ACTIVITY:
        path = f"/activities/{_activity().iati_identifier}/"
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _activity() -> Activity:
    found = Activity.objects.filter(recipient_countries__isnull=False, transactions__type="3")
    return found.order_by("iati_identifier").first()


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_pages_read_in_the_language(demo: None, language: str) -> None:
    for path, words in TRANSLATED[language].items():
        page = read(path, language)
        missing = [text for text in words if text not in page]
        assert not missing, (path, missing)
        left = [text for text in ENGLISH if text in page]
        assert not left, (path, left)
    country = _activity().recipient_countries.first()
    english_name = codelists.name("Country", country.code)
    with translation.override(language):
        name = translation.gettext(english_name)
    assert name != english_name and f"{name} ({country.code}" in read(ACTIVITY, language)
    # The check can fail: in English the same pages hold the sentences it looks for.
    english = "".join(read(path, "en") for path in TRANSLATED[language])
    assert [text for text in ENGLISH if text not in english] == []
