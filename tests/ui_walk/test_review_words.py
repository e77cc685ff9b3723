"""What the walk found in the review pages, the tags and the source document's pages: a JICA
score shown by its slug ("policy-institution") in the marker history, the stage table and the
checklist; the DAC minimum-criteria flags titled in English on Japanese pages; an automatic
tag's rule stored and shown as an English phrase ("prefix 25 (sector 25010)"); the source
document's English words on Japanese pages without a word that they are the English original."""

# ruff: noqa: RUF001 (Japanese text keeps its own brackets and colons)
from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.commitments.models import Pledge
from parity.commitments.seed import load_seed
from parity.mainstreaming import flags, services, tagging
from parity.mainstreaming.words import score_words, tag_rule_words
from parity.markers import Stage, checklist, load_scheme
from parity.markers.rules import RULES
from tests.conftest import role_group
from tests.mainstreaming.conftest import small_activity

pytestmark = pytest.mark.django_db
JICA = "jica-gender"


def client_for(role: str, name: str, language: str) -> Client:
    user = User.objects.create_user(name)
    user.groups.add(role_group(role))
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def visible(page: str) -> str:
    """The page's text as read: tags and their attributes (option values, titles) left out."""
    body = page.split("<main", 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def jica_activity(db) -> Activity:
    """An activity whose planning review in JICA's scheme was approved as policy-institution,
    with its formulation review open as a draft."""
    ActivityLoader().load([small_activity()])
    activity = Activity.objects.get()
    editor = User.objects.create_user("edith")
    editor.groups.add(role_group("editor"))
    reviewer = User.objects.create_user("rita")
    reviewer.groups.add(role_group("reviewer"))
    review = services.review_start(activity, Stage.PLANNING, editor, scheme=JICA)
    scheme = services.scheme_of(review)
    answers = {
        c.id: services.AnswerInput("met", text="In the design report")
        for c in checklist(scheme, review.stage)
    }
    review = services.review_save(
        review,
        editor,
        version=review.version,
        answers=answers,
        proposed_score="policy-institution",
        justification="Supports the national gender machinery.",
    )
    services.review_submit(review, editor, confirmed=[c.id for c in scheme.criteria])
    review.refresh_from_db()
    services.review_approve(review, reviewer, confirmed=[c.id for c in scheme.criteria])
    services.review_start(activity, Stage.FORMULATION, editor, scheme=JICA)
    return activity


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Gender equality policy and institution support"),
        ("ja", "ジェンダー平等政策・制度支援"),
    ],
)
def test_the_jica_score_is_named_not_coded_on_the_activity_page(
    jica_activity: Activity, language: str, name: str
) -> None:
    client = client_for("viewer", "vera", language)
    page = client.get(f"/mainstreaming/activities/{jica_activity.iati_identifier}/")
    text = visible(page.content.decode())
    history = text.split(translation.gettext("Marker history"))[-1] if language == "en" else text
    assert text.count(name) == 2, text  # the stage table and the marker history
    assert "policy-institution" not in history and "policy-institution" not in text


@pytest.mark.parametrize("language", ["en", "ja", "th"])
def test_the_review_pages_name_the_jica_scores(jica_activity: Activity, language: str) -> None:
    client = client_for("editor", "eddy", language)
    reviews = list(jica_activity.stage_reviews.order_by("pk"))
    scheme = load_scheme(JICA)
    with translation.override(language):
        names = {s.code: translation.gettext(s.label) for s in scheme.scores}
    for review in reviews:  # the approved one (read only) and the draft (the form)
        text = visible(client.get(f"/mainstreaming/reviews/{review.pk}/").content.decode())
        for code in names:
            assert code not in text.replace("none", ""), (review.stage, code)
    draft = visible(client.get(f"/mainstreaming/reviews/{reviews[1].pk}/").content.decode())
    assert names["policy-institution"] in draft and names["none"] in draft


def test_score_words_keeps_the_dacs_numbers_and_what_it_does_not_know() -> None:
    with translation.override("ja"):
        assert score_words("oecd-dac-gender", "2") == "2 " + translation.gettext(
            "Principal objective"
        )
        assert score_words(JICA, "needs-survey") == "ジェンダー・ニーズ調査・分析のみ"
        assert score_words(JICA, "withdrawn-score") == "withdrawn-score"
        assert score_words("no-such-scheme", "x") == "x"
        assert score_words(JICA, "") == ""


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_evidence_rule_has_a_japanese_and_a_thai_title(rule_id: str) -> None:
    title = RULES[rule_id].title
    for language in ("ja", "th"):
        with translation.override(language):
            assert translation.gettext(title) != title, (language, rule_id)


def test_the_flags_say_where_in_the_file_in_the_readers_language(db) -> None:
    ActivityLoader().load([small_activity()])
    flags.flags_refresh()
    activity = Activity.objects.get()
    assert activity.marker_flags.exists()
    client = client_for("viewer", "vera", "ja")
    page = client.get(f"/mainstreaming/activities/{activity.iati_identifier}/").content.decode()
    assert "（IATI要素：" in page
    for flag in activity.marker_flags.all():
        assert f"({flag.element})" not in page


@pytest.mark.parametrize(
    ("language", "rule", "expected"),
    [
        ("en", "code 15170 (sector 15170)", "Suggested from purpose code 15170 Women's"),
        ("ja", "code 15170 (sector 15170)", "目的コード15170 女性の権利"),
        (
            "en",
            "prefix 25 (sector 25010)",
            "Suggested from sector 25010 Business policy and administration, by the rule for "
            "the codes starting with 25",
        ),
        ("ja", "prefix 25 (sector 25010)", "25で始まるコード"),
        ("th", "prefix 25 (sector 25010)", "ขึ้นต้นด้วย 25"),
        ("ja", "prefix 151 (sector 151)", "151 "),
        ("ja", "our own rule for this donor", "our own rule for this donor"),
    ],
)
def test_a_tag_rule_reads_in_the_readers_language(language: str, rule: str, expected: str) -> None:
    with translation.override(language):
        words = tag_rule_words(rule)
    assert expected in words
    if language != "en" and rule.startswith(("code", "prefix")):
        assert "sector" not in words and "prefix" not in words


def test_the_activity_page_explains_automatic_tags_in_japanese(db) -> None:
    load_seed()
    ActivityLoader().load([small_activity()])
    activity = Activity.objects.get(iati_identifier="XM-TEST-1")
    tagging.priority_tags_apply([activity.pk])
    stored = set(activity.pillar_tags.values_list("rule", flat=True))
    assert stored == {"code 15170 (sector 15170)", "prefix 25 (sector 25010)"}
    client = client_for("viewer", "vera", "ja")
    text = visible(
        client.get(f"/mainstreaming/activities/{activity.iati_identifier}/").content.decode()
    )
    assert "25で始まるコード" in text
    for rule in stored:
        assert rule not in text
    assert "(sector" not in text


@pytest.fixture
def pledge(db) -> Pledge:
    load_seed()
    return Pledge.objects.get(slug="oda-for-women-3bn-2016-2018")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/pledges/oda-for-women-3bn-2016-2018/", "description"),
        ("/events/waw-2016/", "summary"),
        ("/frameworks/nap-wps-2015/", "summary"),
    ],
)
@pytest.mark.parametrize(("language", "label"), [("ja", "英語の原文"), ("th", "ต้นฉบับภาษาอังกฤษ")])
def test_the_source_documents_words_are_marked_as_the_english_original(
    pledge: Pledge, path: str, field: str, language: str, label: str
) -> None:
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}={language}"}).get(path)
    text = page.content.decode()
    assert page.status_code == 200
    marked = re.search(
        rf'<span class="badge original">{label}</span> <span lang="en">([^<]+)', text
    )
    assert marked, text
    assert html.unescape(marked[1]).strip()[:30].isascii()
    assert '<span lang="en">' in text.split("<h1>", 1)[1]  # the source line too


def test_an_english_page_does_not_label_english(pledge: Pledge) -> None:
    text = Client().get("/pledges/oda-for-women-3bn-2016-2018/").content.decode()
    assert "English original" not in text
    assert '<span lang="en">' not in text


def test_words_an_editor_wrote_in_japanese_are_shown_as_written(pledge: Pledge) -> None:
    pledge.description = "2016年から2018年に30億ドル超のODA"
    pledge.save(update_fields=["description"])
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ja"}).get(
        "/pledges/oda-for-women-3bn-2016-2018/"
    )
    text = page.content.decode()
    assert "<p>2016年から2018年に30億ドル超のODA</p>" in text


# -- Japanese punctuation and numbers: a sentence put together from pieces used the English
# brackets, colon and full stop around the translated pieces, and a count had no separator.


def test_the_review_pages_punctuate_in_japanese(jica_activity: Activity) -> None:
    flags.flags_refresh()
    client = client_for("editor", "eddy", "ja")
    page = client.get(f"/mainstreaming/activities/{jica_activity.iati_identifier}/")
    text = visible(page.content.decode())
    assert "（JICAジェンダー分類）" in text and "(JICAジェンダー分類)" not in text
    assert re.search(r"（推定）：", text), text  # a flag's title, then its message
    assert "）: " not in text
    draft = jica_activity.stage_reviews.get(stage=Stage.FORMULATION)
    form = visible(client.get(f"/mainstreaming/reviews/{draft.pk}/").content.decode())
    assert "（対象スコア：ジェンダー平等政策・制度支援" in form and "(対象スコア" not in form


def test_the_portfolio_punctuates_in_japanese(jica_activity: Activity) -> None:
    client = client_for("viewer", "vera", "ja")
    text = visible(client.get("/mainstreaming/portfolio/").content.decode())
    assert "（未審査 0 件）" in text
    assert "目的とする可能性が高い（未審査、50% 以上）" in text


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", r"<p>\d+ activit(y is|ies are) in scope\.</p>"),
        ("ja", r"<p>対象案件は \d+ 件です。</p>"),
    ],
)
def test_the_scope_sentence_ends_as_the_language_ends_one(
    pledge: Pledge, language: str, sentence: str
) -> None:
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}={language}"}).get(
        f"/pledges/{pledge.slug}/"
    )
    assert re.search(sentence, page.content.decode())


def test_the_event_kind_and_series_read_in_japanese(pledge: Pledge) -> None:
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ja"}).get(
        "/events/waw-2016/"
    )
    assert "（WAW!）" in page.content.decode()


def test_the_home_page_counts_the_sample_with_a_thousands_separator(db) -> None:
    from parity.sample import generate_portfolio

    ActivityLoader(is_sample=True).load(generate_portfolio(1001))
    for language, words in [("en", "1,001 activities are synthetic"), ("ja", "1,001 件の案件は")]:
        page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}={language}"}).get("/")
        assert words in page.content.decode()


def test_the_suggestion_models_note_and_the_heading_punctuate_in_japanese(
    jica_activity: Activity, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parity.mainstreaming import suggestions

    header = {
        "created": "2026-12-03T07:00:00",
        "rows": 2398,
        "target": "marker",
        "trained_on": [{"source": "Parity", "rows": 2398}],
        "cross_validated": {"macro_f1": 0.681, "brier": 0.13},
    }
    monkeypatch.setattr(suggestions, "current_header", lambda: header)
    client = client_for("viewer", "vera", "ja")
    page = client.get(f"/mainstreaming/activities/{jica_activity.iati_identifier}/")
    text = visible(page.content.decode())
    assert "ジェンダー審査：Savings groups for women traders" in text
    assert "2026-12-03 のモデル、ラベル付き案件 2,398 件で学習：Parity（2,398 件）。" in text
    assert "測定値：マクロF1（0/1/2） 0.68、ブライアスコア（0が完全） 0.13。" in text


def test_every_event_and_outcome_document_of_the_source_has_a_japanese_name(db) -> None:
    """Three seed names were "translated" as themselves ("8th Mekong Regional Workshop")."""
    from parity.commitments.models import Event

    load_seed()
    with translation.override("ja"):
        for event in Event.objects.all():
            names = [event.name, *event.outcome_documents.splitlines()]
            for name in filter(None, (n.strip() for n in names)):
                japanese = translation.gettext(name)
                assert not japanese.isascii(), (event.slug, name)


def test_a_pledges_progress_brackets_and_colons_read_in_japanese(pledge: Pledge) -> None:
    page = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ja"}).get(
        "/events/g7-ise-shima-2016/"
    )
    text = visible(page.content.decode())
    assert re.search(r"（\d+ 件の案件）", text), text
    assert not re.search(r"\(\d+ 件の案件\)", text)
    assert "女性行政官：約5,000人" in text and "女性行政官: " not in text
    money = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ja"}).get(
        f"/pledges/{pledge.slug}/"
    )
    assert re.search(r"超\s+（約束額（IATI取引種別 2））", visible(money.content.decode()))


def test_the_editors_asides_and_the_report_sentence_read_in_japanese(pledge: Pledge) -> None:
    client = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ja"})
    text = visible(client.get(f"/pledges/{pledge.slug}/").content.decode())
    assert "（編集者による紐付け（下記参照））" in text
    assert "この範囲とした理由（編集者の根拠）：" in text
    assert "(編集者" not in text and "）:" not in text
    report = visible(client.get("/frameworks/gender-strategy-2016/report/").content.decode())
    assert re.search(r"算出した進捗 （[^）]+）。", report), report
    assert "進捗. " not in report and ". すべて" not in report
