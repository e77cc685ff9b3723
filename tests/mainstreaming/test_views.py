"""The review pages in the browser: login, roles, the checklist form, transitions, history,
and the portfolio with its filters, sorting and exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parity.activities.models import Activity
from parity.mainstreaming import flags, services
from parity.mainstreaming.models import ReviewEvent, StageReview
from parity.markers import Stage, checklist

from .conftest import complete

pytestmark = pytest.mark.django_db
# Plain Django login: these tests are about reviews, not about other apps' login backends.
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _plain_login(settings):
    settings.AUTHENTICATION_BACKENDS = [BACKEND]


def page_of(activity: Activity) -> str:
    return reverse("mainstreaming:activity", args=[activity.iati_identifier])


def checklist_post(review: StageReview, score: str = "1", **override) -> dict:
    data = {"version": review.version, "proposed_score": score, "justification": "Because."}
    for criterion in checklist(services.scheme_of(review), review.stage):
        data[f"{criterion.id}-answer"] = "met"
        data[f"{criterion.id}-text"] = f"Seen in the {criterion.id} report"
        data[f"{criterion.id}-url"] = "https://example.org/report.pdf"
    data.update(override)
    return data


def test_it_sends_anonymous_users_to_the_login_page(client, activity):
    for url in [page_of(activity), reverse("mainstreaming:portfolio")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_refuses_accounts_without_a_role(client, activity, outsider):
    client.force_login(outsider, backend=BACKEND)
    assert client.get(page_of(activity)).status_code == 403


def test_it_shows_the_five_stages_to_a_viewer_without_buttons(client, activity, viewer):
    client.force_login(viewer, backend=BACKEND)
    response = client.get(page_of(activity))
    assert response.status_code == 200
    text = response.content.decode()
    for number, stage in enumerate(Stage, start=1):
        assert f"{number}. {stage.value.capitalize()}" in text
    assert "Start the planning review" not in text
    assert "Add tag" not in text


def test_it_links_the_review_page_from_the_activity_page(client, activity):
    response = client.get(reverse("activities:detail", args=[activity.iati_identifier]))
    assert page_of(activity) in response.content.decode()


def test_it_takes_an_activity_from_planning_to_evaluation_in_the_browser(
    client, activity, editor, reviewer
):
    for stage in Stage:
        client.force_login(editor, backend=BACKEND)
        start = client.post(reverse("mainstreaming:start", args=[activity.pk]), {"stage": stage})
        review = StageReview.objects.get(activity=activity, stage=stage)
        assert start["Location"] == reverse("mainstreaming:review", args=[review.pk])
        page = client.get(start["Location"])
        assert b'name="version"' in page.content
        saved = client.post(start["Location"], checklist_post(review))
        assert saved.status_code == 302, saved.content.decode()[:2000]
        review.refresh_from_db()
        submit = reverse("mainstreaming:transition", args=[review.pk, "submit"])
        assert client.post(submit, {"version": review.version}).status_code == 302
        client.force_login(reviewer, backend=BACKEND)
        review.refresh_from_db()
        page = client.get(reverse("mainstreaming:review", args=[review.pk])).content.decode()
        assert "Approve" in page and "Return with comments" in page
        approve = reverse("mainstreaming:transition", args=[review.pk, "approve"])
        assert client.post(approve, {"version": review.version, "comment": "ok"}).status_code == 302
        review.refresh_from_db()
        assert review.status == StageReview.APPROVED
    activity.refresh_from_db()
    assert activity.gender_marker == 1
    page = client.get(page_of(activity)).content.decode()
    assert page.count(">Approved</a>") == 5
    history = client.get(reverse("mainstreaming:review", args=[review.pk])).content.decode()
    # The history in words: actions and statuses, never their codes.
    for words in ["Started", "Saved", "Submitted", "Approved"]:
        assert f"<td>{words}</td>" in history
    for code in ["create", "save", "submit", "approve", "draft", "submitted"]:
        assert f"<td>{code}</td>" not in history
    url = reverse("mainstreaming:review", args=[review.pk])
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "<td>Started</td>" not in japanese and "<td>draft</td>" not in japanese


def test_it_returns_with_comments_and_shows_them_in_the_history(client, activity, editor, reviewer):
    review = services.review_start(activity, Stage.PLANNING, editor)
    complete(review, editor)
    services.review_submit(review, editor)
    review.refresh_from_db()
    client.force_login(reviewer, backend=BACKEND)
    url = reverse("mainstreaming:transition", args=[review.pk, "return"])
    client.post(url, {"version": review.version, "comment": "Attach the analysis."})
    review.refresh_from_db()
    assert review.status == StageReview.RETURNED
    page = client.get(reverse("mainstreaming:review", args=[review.pk])).content.decode()
    assert "Attach the analysis." in page


def test_it_refuses_a_stale_form_and_writes_nothing(client, activity, editor):
    review = services.review_start(activity, Stage.PLANNING, editor)
    client.force_login(editor, backend=BACKEND)
    opened = checklist_post(review)
    url = reverse("mainstreaming:review", args=[review.pk])
    assert client.post(url, opened).status_code == 302
    review.refresh_from_db()
    answers = list(review.answers.values_list("criterion", "answer"))
    events = ReviewEvent.objects.count()
    other = checklist_post(review, **{"gender-analysis-answer": "not_met"})
    other["version"] = opened["version"]  # a second tab opened before the first save
    response = client.post(url, other)
    assert response.status_code == 409
    assert "This review changed since you opened it" in response.content.decode()
    assert list(review.answers.values_list("criterion", "answer")) == answers
    assert ReviewEvent.objects.count() == events


def test_it_refuses_an_editor_approving(client, activity, editor, other_reviewer):
    review = services.review_start(activity, Stage.PLANNING, editor)
    complete(review, other_reviewer)
    services.review_submit(review, other_reviewer)
    client.force_login(editor, backend=BACKEND)
    url = reverse("mainstreaming:transition", args=[review.pk, "approve"])
    assert client.post(url, {"version": review.version + 2}).status_code == 403
    review.refresh_from_db()
    assert review.status == StageReview.SUBMITTED


def test_it_refuses_a_reviewer_approving_their_own_submission_in_the_browser(
    client, activity, reviewer
):
    review = services.review_start(activity, Stage.PLANNING, reviewer)
    complete(review, reviewer)
    services.review_submit(review, reviewer)
    review.refresh_from_db()
    client.force_login(reviewer, backend=BACKEND)
    page = client.get(reverse("mainstreaming:review", args=[review.pk])).content.decode()
    assert "another reviewer decides" in page
    url = reverse("mainstreaming:transition", args=[review.pk, "approve"])
    assert client.post(url, {"version": review.version}).status_code == 403
    review.refresh_from_db()
    assert review.status == StageReview.SUBMITTED


def test_it_refuses_a_transition_from_the_wrong_state_with_a_message(client, activity, editor):
    review = services.review_start(activity, Stage.PLANNING, editor)
    client.force_login(editor, backend=BACKEND)
    url = reverse("mainstreaming:transition", args=[review.pk, "reopen"])
    response = client.post(url, {"version": review.version})
    assert response.status_code == 400
    assert "the review is draft, not returned" in response.content.decode()


def test_it_refuses_a_score_outside_the_scheme_in_the_form(client, activity, editor):
    review = services.review_start(activity, Stage.PLANNING, editor)
    client.force_login(editor, backend=BACKEND)
    url = reverse("mainstreaming:review", args=[review.pk])
    response = client.post(url, checklist_post(review, score="3"))
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.version == 1 and not review.answers.exists()


def test_it_labels_every_checklist_field(client, activity, editor):
    review = services.review_start(activity, Stage.FORMULATION, editor)
    client.force_login(editor, backend=BACKEND)
    html = client.get(reverse("mainstreaming:review", args=[review.pk])).content.decode()
    import re

    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    assert ids
    for field_id in ids:
        if field_id.endswith("version"):
            continue
        assert f'for="{field_id}"' in html, field_id


def test_it_tags_by_hand_for_editors_only(client, activity, editor, viewer):
    from parity.commitments.models import Framework, Pillar, PillarTag

    framework = Framework.objects.create(slug="wps", name="WPS plan", kind="action_plan")
    pillar = Pillar.objects.create(framework=framework, slug="prevention", name="Prevention")
    url = reverse("mainstreaming:tags", args=[activity.pk])
    client.force_login(viewer, backend=BACKEND)
    assert client.post(url, {"pillar": pillar.pk, "action": "add"}).status_code == 403
    client.force_login(editor, backend=BACKEND)
    assert client.post(url, {"pillar": pillar.pk, "action": "add"}).status_code == 302
    tag = PillarTag.objects.get(activity=activity, pillar=pillar)
    assert not tag.automatic
    assert "Prevention" in client.get(page_of(activity)).content.decode()
    client.post(url, {"pillar": pillar.pk, "action": "remove"})
    assert not PillarTag.objects.filter(activity=activity).exists()


# -- portfolio ----------------------------------------------------------------------------------


@pytest.fixture
def portfolio(db, editor, reviewer):
    from parity.activities.loader import ActivityLoader

    from .conftest import small_activity

    ActivityLoader().load(
        [
            small_activity(
                "XM-TEST-A",
                "2",
                title="Gender equality in savings groups",
                # the DAC minimum criteria in its words, so that only B (not screened) is flagged
                description="Built on a gender analysis of the market; a final evaluation is due.",
                result_types=("2", "1"),  # gender indicators at outcome and output level
            ),
            small_activity("XM-TEST-B", significance=None),
            small_activity("XM-TEST-C", significance="0", sectors=("25010",)),
        ]
    )
    flags.flags_refresh()
    a = Activity.objects.get(iati_identifier="XM-TEST-A")
    review = services.review_start(a, Stage.PLANNING, editor)
    complete(review, editor, score="2")
    services.review_submit(review, editor)
    services.review_approve(review, reviewer)
    return Activity.objects.order_by("iati_identifier")


def test_it_counts_the_portfolio(client, portfolio, viewer):
    client.force_login(viewer, backend=BACKEND)
    response = client.get(reverse("mainstreaming:portfolio"))
    summary = response.context["summary"]
    assert summary["total"] == 3
    assert summary["screened"] == 2
    assert (summary["marker_none"], summary["marker_0"], summary["marker_2"]) == (1, 1, 1)
    assert (summary["stage_0"], summary["stage_1"]) == (2, 1)
    assert summary["flagged"] == 1  # B: not screened


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["XM-TEST-A", "XM-TEST-B", "XM-TEST-C"]),
        ({"marker": "none"}, ["XM-TEST-B"]),
        ({"marker": "focused"}, ["XM-TEST-A"]),
        ({"stage": "1"}, ["XM-TEST-A"]),
        ({"stage": "0"}, ["XM-TEST-B", "XM-TEST-C"]),
        ({"flags": "open"}, ["XM-TEST-B"]),
        ({"flags": "none"}, ["XM-TEST-A", "XM-TEST-C"]),
        ({"reporting_org": "XM-TEST"}, ["XM-TEST-A", "XM-TEST-B", "XM-TEST-C"]),
        ({"reporting_org": "NOBODY"}, []),
        ({"country": "KE"}, []),
        ({"q": "test-c"}, ["XM-TEST-C"]),
        ({"sort": "-identifier"}, ["XM-TEST-C", "XM-TEST-B", "XM-TEST-A"]),
        ({"sort": "-marker"}, ["XM-TEST-A", "XM-TEST-C", "XM-TEST-B"]),
        ({"sort": "marker"}, ["XM-TEST-B", "XM-TEST-C", "XM-TEST-A"]),
        ({"sort": "-flags"}, ["XM-TEST-B", "XM-TEST-A", "XM-TEST-C"]),
        ({"sort": "-stage"}, ["XM-TEST-A", "XM-TEST-B", "XM-TEST-C"]),
        ({"sort": "nonsense", "marker": "bogus"}, ["XM-TEST-A", "XM-TEST-B", "XM-TEST-C"]),
    ],
)
def test_it_filters_and_sorts_the_list(client, portfolio, viewer, query, expected):
    client.force_login(viewer, backend=BACKEND)
    response = client.get(reverse("mainstreaming:portfolio"), query)
    assert [row.identifier for row in response.context["page"]] == expected


def test_it_counts_a_review_waiting_too_long_as_overdue(
    client, portfolio, viewer, editor, settings
):
    settings.PARITY_REVIEW_OVERDUE_DAYS = 0
    c = portfolio.get(iati_identifier="XM-TEST-C")
    review = services.review_start(c, Stage.PLANNING, editor)
    complete(review, editor, score="0")
    services.review_submit(review, editor)
    client.force_login(viewer, backend=BACKEND)
    response = client.get(reverse("mainstreaming:portfolio"), {"overdue": "yes"})
    assert [row.identifier for row in response.context["page"]] == ["XM-TEST-C"]


def test_it_counts_an_ended_activity_without_evaluation_as_overdue(client, portfolio, viewer):
    import datetime

    Activity.objects.filter(iati_identifier="XM-TEST-B").update(
        end_date=datetime.date(2020, 12, 31)
    )
    flags.flags_refresh()  # what an importer calls after writing: the row copies the date
    client.force_login(viewer, backend=BACKEND)
    response = client.get(reverse("mainstreaming:portfolio"), {"overdue": "yes"})
    assert [row.identifier for row in response.context["page"]] == ["XM-TEST-B"]
    assert response.context["summary"]["overdue"] == 1


def test_it_warns_about_activities_not_yet_checked(client, portfolio, viewer):
    from parity.activities.loader import ActivityLoader

    from .conftest import small_activity

    ActivityLoader().load([small_activity("XM-TEST-D")])
    client.force_login(viewer, backend=BACKEND)
    response = client.get(reverse("mainstreaming:portfolio"))
    assert "1 activity is not in these counts yet" in response.content.decode()


def test_it_exports_exactly_the_filtered_list_as_csv(client, portfolio, viewer):
    client.force_login(viewer, backend=BACKEND)
    url = reverse("mainstreaming:portfolio-export", args=["csv"])
    response = client.get(url, {"marker": "none", "sort": "-identifier"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # spreadsheet programs then read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Identifier", "Title"]
    assert [r[0] for r in rows[1:]] == ["XM-TEST-B"]
    assert rows[1][3] == "not screened"


def test_it_exports_the_portfolio_with_headers_and_words_in_the_readers_language(
    client, portfolio, viewer
):
    """A download from a page reads as the page does (docs/api.md, "Downloads and the API")."""
    client.force_login(viewer, backend=BACKEND)
    client.cookies["django_language"] = "ja"
    url = reverse("mainstreaming:portfolio-export", args=["csv"])
    body = b"".join(client.get(url, {"sort": "-stage"}).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "識別子",
        "案件名",
        "報告機関",
        "ジェンダー・マーカー",
        "到達段階",
        "未解決の警告",
        "待機開始",
        "終了",
    ]
    assert rows[1][4] == "計画"
    assert "not screened" not in body and "planning" not in body
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("mainstreaming:portfolio-export", args=["xlsx"])).content)
    ).active
    assert next(sheet.iter_rows(values_only=True))[0] == "識別子"


def test_it_exports_exactly_the_filtered_list_as_xlsx(client, portfolio, viewer):
    client.force_login(viewer, backend=BACKEND)
    url = reverse("mainstreaming:portfolio-export", args=["xlsx"])
    response = client.get(url, {"sort": "-stage"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["XM-TEST-A", "XM-TEST-B", "XM-TEST-C"]
    assert rows[0][4] == "Stage reached"
    assert rows[1][4] == "planning"


def test_it_refuses_an_unknown_export_format(client, portfolio, viewer):
    client.force_login(viewer, backend=BACKEND)
    url = reverse("mainstreaming:portfolio-export", args=["pdf"])
    assert client.get(url).status_code == 404


def test_it_has_a_portfolio_entry_in_the_navigation(client, viewer):
    client.force_login(viewer, backend=BACKEND)
    html = client.get(reverse("home")).content.decode()
    assert reverse("mainstreaming:portfolio") in html


def test_the_evidence_flags_are_named_in_words_not_by_rule_id(client, activity, viewer):
    from parity.mainstreaming.models import Flag
    from parity.markers.rules import RULES

    flags.flags_refresh()
    stored = list(Flag.objects.filter(activity=activity))
    assert stored, "the small activity should raise at least one evidence flag"
    client.force_login(viewer, backend=BACKEND)
    text = client.get(page_of(activity)).content.decode()
    for flag in stored:
        assert RULES[flag.rule].title.split(":")[0] in text
        assert f"<code>{flag.rule}</code>" not in text
        assert f'title="{flag.rule}"' in text  # the id stays at hand for whoever reports it


def test_the_evidence_flags_messages_read_in_the_readers_language(client, activity, viewer):
    import html

    from django.utils import translation

    from parity.mainstreaming.models import Flag
    from parity.markers.messages import render

    flags.flags_refresh()
    stored = list(Flag.objects.filter(activity=activity))
    assert stored
    client.force_login(viewer, backend=BACKEND)
    client.cookies["django_language"] = "ja"
    text = html.unescape(client.get(page_of(activity)).content.decode())
    with translation.override("ja"):
        for flag in stored:
            japanese = render(flag.message_id, flag.message_args, translation.gettext)
            assert japanese != flag.message
            assert japanese in text
            assert flag.message not in text
