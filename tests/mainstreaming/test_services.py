"""Review transitions: each allowed one, each forbidden one, bad input, and the audit trail."""

from __future__ import annotations

import pytest

from parity.activities.models import Activity, PolicyMarker
from parity.mainstreaming import services
from parity.mainstreaming.models import MarkerChange, ReviewEvent, ReviewState, StageReview
from parity.markers import Stage

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(activity, editor) -> StageReview:
    return services.review_start(activity, Stage.FORMULATION, editor)


@pytest.fixture
def submitted(draft, editor) -> StageReview:
    complete(draft, editor)
    return services.review_submit(draft, editor)


@pytest.fixture
def returned(submitted, reviewer) -> StageReview:
    return services.review_return(submitted, reviewer, comment="Add the analysis report.")


def snapshot(review: StageReview) -> tuple:
    review.refresh_from_db()
    return (
        review.status,
        review.version,
        review.proposed_score,
        list(review.answers.values_list("criterion", "answer", "evidence_text")),
        ReviewEvent.objects.filter(review=review).count(),
    )


def test_it_starts_a_review_as_a_draft_with_a_history_row(draft, editor):
    assert draft.status == StageReview.DRAFT
    assert list(draft.events.values_list("action", "from_status", "to_status", "by")) == [
        ("create", "", "draft", editor.pk)
    ]


def test_it_returns_the_existing_review_when_a_stage_is_started_twice(draft, activity, editor):
    assert services.review_start(activity, "formulation", editor).pk == draft.pk


def test_it_submits_a_complete_draft(submitted, editor):
    assert submitted.status == StageReview.SUBMITTED
    assert submitted.submitted_by == editor
    state = ReviewState.objects.get(activity=submitted.activity)
    assert state.pending_since == submitted.submitted_at


def test_it_approves_and_sets_the_activity_marker_keeping_the_old_one(submitted, reviewer):
    activity = submitted.activity
    assert activity.gender_marker == 1
    submitted.proposed_score = "2"
    submitted.save()
    # Its one indicator is an output: the reviewer confirms the outcome-level answer anyway.
    both_levels = ["gender-indicators-both-levels"]
    services.review_approve(submitted, reviewer, comment="Convincing.", confirmed=both_levels)
    activity.refresh_from_db()
    assert activity.gender_marker == 2
    marker = PolicyMarker.objects.get(activity=activity, vocabulary="1", code="1")
    assert marker.significance == 2
    change = MarkerChange.objects.get(activity=activity)
    assert (change.old, change.new, change.review_id, change.by) == (1, 2, submitted.pk, reviewer)
    state = ReviewState.objects.get(activity=activity)
    assert (state.stage_reached, state.pending_since) == (2, None)


def test_it_sets_a_marker_on_an_activity_that_was_not_screened(db, editor, reviewer):
    from parity.activities.loader import ActivityLoader

    from .conftest import small_activity

    ActivityLoader().load([small_activity("XM-TEST-2", significance=None)])
    activity = Activity.objects.get(iati_identifier="XM-TEST-2")
    review = services.review_start(activity, "formulation", editor)
    complete(review, editor, score="0")
    services.review_submit(review, editor)
    services.review_approve(review, reviewer)
    activity.refresh_from_db()
    assert activity.gender_marker == 0
    change = MarkerChange.objects.get(activity=activity)
    assert (change.old, change.new) == (None, 0)
    assert PolicyMarker.objects.get(activity=activity, code="1").significance == 0


def test_a_jica_women_beneficiaries_approval_does_not_report_dac_principal(db, editor, reviewer):
    from parity.activities.loader import ActivityLoader

    from .conftest import small_activity

    ActivityLoader().load([small_activity("XM-TEST-3", significance=None)])
    activity = Activity.objects.get(iati_identifier="XM-TEST-3")
    review = services.review_start(activity, "formulation", editor, scheme="jica-gender")
    complete(review, editor, score="women-beneficiaries")
    services.review_submit(review, editor)
    services.review_approve(review, reviewer)
    activity.refresh_from_db()
    # Designed for women is not the DAC's "gender equality is the main objective": a reviewer
    # decides the DAC score in a DAC review; until then the activity stays not screened.
    assert activity.gender_marker is None
    assert not MarkerChange.objects.filter(activity=activity).exists()
    assert not PolicyMarker.objects.filter(activity=activity, code="1").exists()


def test_it_returns_with_comments_and_can_go_back_to_draft_or_resubmit(returned, editor):
    assert returned.status == StageReview.RETURNED
    assert returned.decision_comment == "Add the analysis report."
    reopened = services.review_reopen(returned, editor)
    assert reopened.status == StageReview.DRAFT
    again = services.review_submit(reopened, editor)
    assert again.status == StageReview.SUBMITTED
    actions = list(again.events.values_list("action", "from_status", "to_status"))
    assert actions[-3:] == [
        ("return", "submitted", "returned"),
        ("reopen", "returned", "draft"),
        ("submit", "draft", "submitted"),
    ]


def test_it_resubmits_a_returned_review_directly(returned, editor):
    assert services.review_submit(returned, editor).status == StageReview.SUBMITTED


def test_it_refuses_a_reviewer_approving_their_own_submission(draft, reviewer):
    complete(draft, reviewer)
    services.review_submit(draft, reviewer)
    before = snapshot(draft)
    with pytest.raises(services.NotAllowedError, match="you submitted it"):
        services.review_approve(draft, reviewer)
    with pytest.raises(services.NotAllowedError, match="you submitted it"):
        services.review_return(draft, reviewer, comment="no")
    assert snapshot(draft) == before


def test_it_refuses_a_return_without_a_comment(submitted, reviewer):
    before = snapshot(submitted)
    with pytest.raises(services.ReviewError, match="needs a comment"):
        services.review_return(submitted, reviewer, comment="  ")
    assert snapshot(submitted) == before


@pytest.mark.parametrize(
    ("state", "transition", "expected"),
    [
        ("draft", "approve", "the review is draft, not submitted"),
        ("draft", "return", "the review is draft, not submitted"),
        ("draft", "reopen", "the review is draft, not returned"),
        ("submitted", "submit", "the review is submitted, not draft or returned"),
        ("submitted", "reopen", "the review is submitted, not returned"),
        ("submitted", "save", "the review is submitted, not draft or returned"),
        ("returned", "approve", "the review is returned with comments, not submitted"),
        ("approved", "approve", "the review is approved, not submitted"),
        ("approved", "return", "the review is approved, not submitted"),
        ("approved", "submit", "the review is approved, not draft or returned"),
        ("approved", "reopen", "the review is approved, not returned"),
        ("approved", "save", "the review is approved, not draft or returned"),
    ],
)
def test_it_refuses_a_transition_from_the_wrong_state(
    request, state, transition, expected, editor, other_reviewer
):
    fixture = {"draft": "draft", "submitted": "submitted", "returned": "returned"}.get(state)
    if state == "approved":
        review = request.getfixturevalue("submitted")
        services.review_approve(review, other_reviewer)
    else:
        review = request.getfixturevalue(fixture)
    before = snapshot(review)
    calls = {
        "submit": lambda: services.review_submit(review, editor),
        "approve": lambda: services.review_approve(review, other_reviewer),
        "return": lambda: services.review_return(review, other_reviewer, comment="why"),
        "reopen": lambda: services.review_reopen(review, editor),
        "save": lambda: services.review_save(review, editor, version=None, answers={}),
    }
    with pytest.raises(services.ReviewError, match=expected):
        calls[transition]()
    assert snapshot(review) == before


def test_it_refuses_to_submit_an_incomplete_review(draft, editor):
    before = snapshot(draft)
    with pytest.raises(
        services.ReviewError, match=r"A gender analysis of the context .* carried out: not answered"
    ) as error:
        services.review_submit(draft, editor)
    assert "propose a score" in str(error.value)
    assert snapshot(draft) == before


def test_it_refuses_met_without_evidence_at_submit(draft, editor):
    complete(draft, editor)
    draft.answers.filter(criterion="gender-objective").update(evidence_text="")
    with pytest.raises(
        services.ReviewError,
        match="names at least one explicit gender equality objective: answered met without",
    ):
        services.review_submit(draft, editor)


def test_it_refuses_an_answer_for_a_criterion_of_no_scheme(draft, editor):
    before = snapshot(draft)
    with pytest.raises(services.ReviewError, match="unknown criteria: made-up"):
        services.review_save(
            draft, editor, version=draft.version, answers={"made-up": services.AnswerInput("met")}
        )
    assert snapshot(draft) == before


def test_it_refuses_an_answer_for_a_criterion_of_another_stage(draft, editor):
    with pytest.raises(services.ReviewError, match="Not on the formulation checklist"):
        services.review_save(
            draft,
            editor,
            version=draft.version,
            answers={"gender-results-evaluated": services.AnswerInput("met", text="x")},
        )


@pytest.mark.parametrize("score", ["3", "4", "principal", "-1"])
def test_it_refuses_a_marker_outside_the_scheme(draft, editor, score):
    before = snapshot(draft)
    with pytest.raises(services.ReviewError, match="is not a score"):
        services.review_save(draft, editor, version=draft.version, answers={}, proposed_score=score)
    assert snapshot(draft) == before


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (services.AnswerInput("yes"), "answer met, not met or not applicable"),
        (services.AnswerInput("met", url="javascript:alert(1)"), "is not a web address"),
        (services.AnswerInput("met", result_id=999999), "result pointed to is not one"),
        (services.AnswerInput("met", indicator_id=999999), "indicator pointed to is not one"),
    ],
)
def test_it_refuses_bad_evidence(draft, editor, answer, expected):
    before = snapshot(draft)
    with pytest.raises(services.ReviewError, match=expected):
        services.review_save(
            draft, editor, version=draft.version, answers={"gender-analysis": answer}
        )
    assert snapshot(draft) == before


def test_it_accepts_a_pointer_to_the_activitys_own_indicator(draft, editor, activity):
    from parity.activities.models import Indicator

    indicator = Indicator.objects.get(result__activity=activity)
    services.review_save(
        draft,
        editor,
        version=draft.version,
        answers={"gender-indicator": services.AnswerInput("met", indicator_id=indicator.pk)},
    )
    assert draft.answers.get().evidence_indicator == indicator


def test_it_refuses_a_save_with_a_stale_version_and_keeps_the_first_answer(draft, editor):
    opened_at = draft.version
    first = {"gender-analysis": services.AnswerInput("met", text="Analysis of 2023")}
    services.review_save(draft, editor, version=opened_at, answers=first)
    before = snapshot(draft)
    second = {"gender-objective": services.AnswerInput("not_met")}
    with pytest.raises(
        services.StaleReviewError, match=r"(?i)this review changed since you opened it"
    ):
        services.review_save(draft, editor, version=opened_at, answers=second)
    assert snapshot(draft) == before
    assert before[3] == [("gender-analysis", "met", "Analysis of 2023")]


def test_it_refuses_a_transition_with_a_stale_version(submitted, reviewer):
    with pytest.raises(services.StaleReviewError):
        services.review_approve(submitted, reviewer, version=submitted.version - 1)
    submitted.refresh_from_db()
    assert submitted.status == StageReview.SUBMITTED


def test_it_takes_an_activity_through_all_five_stages(activity, editor, reviewer):
    for stage in Stage:
        review = services.review_start(activity, stage, editor)
        complete(review, editor, score="1")
        services.review_submit(review, editor)
        services.review_approve(review, reviewer)
    assert ReviewState.objects.get(activity=activity).stage_reached == 5
    assert MarkerChange.objects.filter(activity=activity).count() == 5
    assert set(StageReview.objects.values_list("status", flat=True)) == {"approved"}


def test_an_approved_marker_stands_when_the_file_is_imported_again(submitted, reviewer, tmp_path):
    from parity.activities.importer import Importer
    from parity.iati.writer import write_activities

    from .conftest import small_activity

    submitted.proposed_score = "2"
    submitted.save()
    services.review_approve(submitted, reviewer, confirmed=["gender-indicators-both-levels"])
    # The publisher's next file still says 1 (significant), with a changed title.
    path = tmp_path / "again.xml"
    with path.open("wb") as out:
        write_activities([small_activity(title="Savings groups, second phase")], out)
    Importer().run([path])

    activity = Activity.objects.get(pk=submitted.activity_id)
    assert activity.title == "Savings groups, second phase"  # the import did update it
    assert activity.gender_marker == 2
    assert list(activity.policy_markers.values_list("code", "significance")) == [("1", 2)]
    history = list(activity.marker_changes.values_list("old", "new", "by", "review"))
    assert history == [(1, 2, reviewer.pk, submitted.pk), (1, 2, reviewer.pk, submitted.pk)]
    # Importing the same content again finds nothing to restore.
    Importer(force=True).run([path])
    assert activity.marker_changes.count() == 2
