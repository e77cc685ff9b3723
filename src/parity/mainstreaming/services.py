"""Services: the writes of stage reviews and the marker changes they make, each in one
transaction (evidence flags: ``flags``; priority-area tags: ``tagging``).

A review transition locks the review row (select_for_update), checks the user's role, the
current state and the version the user saw, then writes the change and a ReviewEvent (the audit
trail). A refused change raises ``ReviewError`` (or a subclass) with a message for the user and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parity import roles
from parity.activities.models import Activity, Indicator, PolicyMarker, Result
from parity.activities.signals import figures_outdated
from parity.mainstreaming.copies import activity_copies
from parity.mainstreaming.errors import (
    EvidenceContradictedError,
    NotAllowedError,
    ReviewError,
    StaleReviewError,
    require,
)
from parity.mainstreaming.evidence_check import unconfirmed
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.models import (
    DEFAULT_SCHEME,
    STAGE_NUMBER,
    MarkerChange,
    ReviewAnswer,
    ReviewEvent,
    ReviewState,
    StageReview,
)
from parity.markers import MarkerError, Scheme, Stage, checklist, load_scheme


@dataclass(frozen=True)
class AnswerInput:
    """One criterion's answer as entered: ``answer`` is met, not_met or na."""

    answer: str
    text: str = ""
    url: str = ""
    result_id: int | None = None
    indicator_id: int | None = None


# -- helpers ------------------------------------------------------------------------------------


def _lock(review: StageReview | int) -> StageReview:
    pk = review.pk if isinstance(review, StageReview) else review
    try:
        return StageReview.objects.select_for_update().get(pk=pk)
    except StageReview.DoesNotExist:
        raise ReviewError(gettext("This review no longer exists.")) from None


def _check_version(review: StageReview, version: int | None) -> None:
    if version is not None and int(version) != review.version:
        raise StaleReviewError()


def _check_status(review: StageReview, allowed: Iterable[str], doing: str) -> None:
    allowed = tuple(allowed)
    if review.status not in allowed:
        names = " or ".join(dict(StageReview.STATUSES)[s].lower() for s in allowed)
        current = review.get_status_display().lower()
        raise ReviewError(f"You cannot {doing}: the review is {current}, not {names}.")


def _event(review: StageReview, action: str, old: str, user: Any, comment: str = "") -> None:
    ReviewEvent.objects.create(
        review=review,
        action=action,
        from_status=old,
        to_status=review.status,
        by=user,
        at=timezone.now(),
        comment=comment,
    )


def scheme_of(review: StageReview) -> Scheme:
    return load_scheme(review.scheme)


def _refresh_state(activity_id: int) -> None:
    """Recompute the activity's review figures from its reviews (never incremented, so exact)
    and its copied fields from the Activity row."""
    reviews = StageReview.objects.filter(activity_id=activity_id)
    approved = [
        STAGE_NUMBER[s]
        for s in reviews.filter(status=StageReview.APPROVED).values_list("stage", flat=True)
    ]
    pending = reviews.filter(status=StageReview.SUBMITTED).aggregate(since=Min("submitted_at"))
    ReviewState.objects.update_or_create(
        activity_id=activity_id,
        defaults={
            "stage_reached": max(approved, default=0),
            "pending_since": pending["since"],
            **activity_copies([activity_id])[activity_id],
        },
    )


# -- reviews ------------------------------------------------------------------------------------


@transaction.atomic
def review_start(
    activity: Activity, stage: Stage | str, user: Any, scheme: str = DEFAULT_SCHEME
) -> StageReview:
    """Open the review of ``stage`` as a draft; the existing one when it was already opened."""
    require(user, roles.EDIT, gettext_noop("start a review"))
    try:
        stage = Stage(stage)
    except ValueError:
        raise ReviewError(f"{stage!r} is not a stage of the project cycle.") from None
    try:
        load_scheme(scheme)
    except MarkerError as error:
        raise ReviewError(str(error)) from None
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    existing = StageReview.objects.filter(activity=activity, stage=stage.value).first()
    if existing is not None:
        return existing
    review = StageReview.objects.create(
        activity=activity, stage=stage.value, scheme=scheme, created_by=user
    )
    _event(review, "create", "", user)
    _refresh_state(activity.pk)
    return review


def _validate_answers(
    review: StageReview, scheme: Scheme, answers: Mapping[str, AnswerInput]
) -> None:
    try:
        # The scheme's own check names criteria that belong to no criterion of the scheme.
        scheme.validate_answers({cid: a.answer == ReviewAnswer.MET for cid, a in answers.items()})
    except MarkerError as error:
        raise ReviewError(str(error)) from None
    asked = {c.id for c in checklist(scheme, review.stage)}
    outside = sorted(set(answers) - asked)
    if outside:
        raise ReviewError(
            f"Not on the {review.stage} checklist of {scheme.name}: {', '.join(outside)}."
        )
    valid = dict(ReviewAnswer.ANSWERS)
    check_url = URLValidator(schemes=["http", "https"])
    results = set(Result.objects.filter(activity=review.activity_id).values_list("pk", flat=True))
    indicators = set(
        Indicator.objects.filter(result__activity=review.activity_id).values_list("pk", flat=True)
    )
    for cid, a in answers.items():
        if a.answer not in valid:
            raise ReviewError(f"{cid}: answer met, not met or not applicable, not {a.answer!r}.")
        if a.url:
            try:
                check_url(a.url)
            except ValidationError:
                raise ReviewError(
                    f"{cid}: {a.url!r} is not a web address (http or https)."
                ) from None
        if a.result_id is not None and a.result_id not in results:
            raise ReviewError(f"{cid}: the result pointed to is not one of this activity's.")
        if a.indicator_id is not None and a.indicator_id not in indicators:
            raise ReviewError(f"{cid}: the indicator pointed to is not one of this activity's.")


@transaction.atomic
def review_save(
    review: StageReview | int,
    user: Any,
    *,
    version: int | None,
    answers: Mapping[str, AnswerInput],
    proposed_score: str = "",
    justification: str = "",
) -> StageReview:
    """Replace the checklist answers, proposed score and justification of a draft (or returned)
    review. ``answers`` holds every answered criterion; one left out is unanswered."""
    require(user, roles.EDIT, gettext_noop("edit this review"))
    review = _lock(review)
    _check_version(review, version)
    _check_status(review, [StageReview.DRAFT, StageReview.RETURNED], "edit this review")
    scheme = scheme_of(review)
    _validate_answers(review, scheme, answers)
    proposed_score = (proposed_score or "").strip()
    if proposed_score:
        try:
            scheme.validate_score(proposed_score)
        except MarkerError as error:
            raise ReviewError(str(error)) from None
    review.answers.all().delete()
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(
            review=review,
            criterion=cid,
            answer=a.answer,
            evidence_text=a.text.strip(),
            evidence_url=a.url.strip(),
            evidence_result_id=a.result_id,
            evidence_indicator_id=a.indicator_id,
        )
        for cid, a in answers.items()
    )
    review.proposed_score = proposed_score
    review.justification = justification.strip()
    review.version += 1
    review.save()
    _event(review, "save", review.status, user)
    return review


def submission_problems(review: StageReview) -> list[str]:
    """What stops a review from being submitted (empty when it is ready)."""
    scheme = scheme_of(review)
    answers = {a.criterion: a for a in review.answers.all()}
    problems = []
    for criterion in checklist(scheme, review.stage, review.proposed_score or None):
        answer = answers.get(criterion.id)
        # The criterion in words, as the checklist shows it, never its id.
        words = {"criterion": gettext(criterion.text).rstrip(".。")}
        if answer is None:
            problems.append(gettext("%(criterion)s: not answered.") % words)
        elif answer.answer == ReviewAnswer.MET and not answer.has_evidence:
            problems.append(gettext("%(criterion)s: answered met without evidence.") % words)
    if review.stage == Stage.FORMULATION and not review.proposed_score:
        problems.append(gettext("The marker is set at formulation: propose a score."))
    if review.proposed_score and not review.justification:
        problems.append(gettext("Justify the proposed score."))
    return problems


def _check_evidence(review: StageReview, confirmed: Collection[str], doing: str) -> None:
    """Refuse while a criterion answered met is contradicted by an evidence rule and the person
    has not confirmed it (they looked at the evidence and keep the answer)."""
    left = unconfirmed(review, set(confirmed))
    if left:
        raise EvidenceContradictedError(
            f"Before you {doing}, check the evidence the rules contradict, then confirm each "
            "answer or change it: "
            + " ".join(f"{c.criterion}: {c.rule_title} ({c.message})." for c in left),
            left,
        )


@transaction.atomic
def review_submit(
    review: StageReview | int,
    user: Any,
    *,
    version: int | None = None,
    comment: str = "",
    confirmed: Collection[str] = (),
) -> StageReview:
    """Submit; ``confirmed`` names the contradicted criteria the editor checked and keeps."""
    require(user, roles.SUBMIT, gettext_noop("submit this review"))
    review = _lock(review)
    _check_version(review, version)
    _check_status(review, [StageReview.DRAFT, StageReview.RETURNED], "submit this review")
    problems = submission_problems(review)
    if problems:
        raise ReviewError(
            gettext("The review is not ready to submit: %(problems)s")
            % {"problems": " ".join(problems)}
        )
    _check_evidence(review, confirmed, "submit")
    old = review.status
    review.status = StageReview.SUBMITTED
    review.submitted_by = user
    review.submitted_at = timezone.now()
    review.decided_by = None
    review.decided_at = None
    review.version += 1
    review.save()
    _event(review, "submit", old, user, comment.strip())
    _refresh_state(review.activity_id)
    return review


def _decide(review: StageReview, user: Any, doing: str, version: int | None) -> StageReview:
    review = _lock(review)
    _check_version(review, version)
    _check_status(review, [StageReview.SUBMITTED], doing)
    if review.submitted_by_id == user.pk:
        raise NotAllowedError(
            f"You cannot {doing}: you submitted it; another reviewer must decide."
        )
    return review


@transaction.atomic
def review_approve(
    review: StageReview | int,
    user: Any,
    *,
    version: int | None = None,
    comment: str = "",
    confirmed: Collection[str] = (),
) -> StageReview:
    """Approve; a proposed score becomes the activity's gender marker (history kept).
    ``confirmed`` names the contradicted criteria the reviewer checked and accepts; the other
    way out of a contradiction is to return the review."""
    require(user, roles.APPROVE, gettext_noop("approve this review"))
    review = _decide(review, user, "approve this review", version)
    _check_evidence(review, confirmed, "approve")
    old = review.status
    now = timezone.now()
    review.status = StageReview.APPROVED
    review.decided_by = user
    review.decided_at = now
    review.decision_comment = comment.strip()
    review.version += 1
    review.save()
    _event(review, "approve", old, user, comment.strip())
    if review.proposed_score:
        _apply_marker(review, user, now)
    _refresh_state(review.activity_id)
    flags_refresh([review.activity_id])
    figures_outdated.send(sender=StageReview, reason=f"review #{review.pk} approved")
    return review


@transaction.atomic
def review_return(
    review: StageReview | int, user: Any, *, version: int | None = None, comment: str = ""
) -> StageReview:
    """Return with comments: the comments are required, they say what to change."""
    require(user, roles.RETURN, gettext_noop("return this review"))
    if not comment.strip():
        raise ReviewError(gettext("Say what needs changing: a returned review needs a comment."))
    review = _decide(review, user, "return this review", version)
    old = review.status
    review.status = StageReview.RETURNED
    review.decided_by = user
    review.decided_at = timezone.now()
    review.decision_comment = comment.strip()
    review.version += 1
    review.save()
    _event(review, "return", old, user, comment.strip())
    _refresh_state(review.activity_id)
    return review


@transaction.atomic
def review_reopen(
    review: StageReview | int, user: Any, *, version: int | None = None, comment: str = ""
) -> StageReview:
    """A returned review back to draft, to rework before submitting again."""
    require(user, roles.REOPEN, gettext_noop("reopen this review"))
    review = _lock(review)
    _check_version(review, version)
    _check_status(review, [StageReview.RETURNED], "reopen this review")
    old = review.status
    review.status = StageReview.DRAFT
    review.version += 1
    review.save()
    _event(review, "reopen", old, user, comment.strip())
    return review


def _apply_marker(review: StageReview, user: Any, now: Any) -> None:
    dac = scheme_of(review).to_dac(review.proposed_score)
    if dac is None:
        # A score without a DAC equivalent (e.g. JICA "needs survey only") leaves the DAC marker
        # alone rather than inventing one.
        return
    activity = Activity.objects.select_for_update().get(pk=review.activity_id)
    MarkerChange.objects.create(
        activity=activity,
        old=activity.gender_marker,
        new=dac,
        scheme=review.scheme,
        score=review.proposed_score,
        review=review,
        by=user,
        at=now,
    )
    _set_dac_marker(activity, dac)


def _set_dac_marker(activity: Activity, dac: int) -> None:
    """The activity's marker and its DAC gender policy marker (vocabulary 1, code 1), so that
    pages, figures and the IATI export agree."""
    activity.gender_marker = dac
    activity.save(update_fields=["gender_marker", "updated_at"])
    markers = PolicyMarker.objects.filter(activity=activity, vocabulary="1", code="1")
    first = markers.order_by("pk").first()
    if first is None:
        PolicyMarker.objects.create(activity=activity, vocabulary="1", code="1", significance=dac)
    else:
        markers.exclude(pk=first.pk).delete()
        first.significance = dac
        first.save(update_fields=["significance"])


def reviewed_markers_restore(activity_ids: Iterable[int]) -> list[MarkerChange]:
    """Put an approved review's marker back where a later import replaced it.

    The publisher's file may still carry the marker from before the review; the review is
    Parity's decision and stands until another review changes it. Each restoration is kept
    as a marker change from the file's value back to the approved one, under the same review
    and reviewer, so the file's value stays in the history.
    """
    latest: dict[int, MarkerChange] = {}
    for change in MarkerChange.objects.filter(activity_id__in=list(activity_ids)).order_by(
        "activity_id", "at", "id"
    ):
        latest[change.activity_id] = change
    restored = []
    now = timezone.now()
    for activity_id, change in latest.items():
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=activity_id)
            if activity.gender_marker == change.new:
                continue
            restored.append(
                MarkerChange.objects.create(
                    activity=activity,
                    old=activity.gender_marker,
                    new=change.new,
                    scheme=change.scheme,
                    score=change.score,
                    review=change.review,
                    by=change.by,
                    at=now,
                )
            )
            _set_dac_marker(activity, change.new)
    return restored


__all__ = [
    "AnswerInput",
    "NotAllowedError",
    "ReviewError",
    "StaleReviewError",
    "review_approve",
    "review_reopen",
    "review_return",
    "review_save",
    "review_start",
    "review_submit",
    "submission_problems",
]
