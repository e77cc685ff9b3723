"""Gender reviews of activities (read, and every workflow step), and evidence flags.

Reviews name staff and carry their comments, so reading them needs the viewer role, as on
the web pages; flags are computed from the published activity data and are public reads.
Every write goes through parity.mainstreaming.services, which checks the role, the state and
the version the caller saw, and writes the audit trail.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.responses import codes_4xx

from parity import roles
from parity.activities.models import Activity
from parity.api.auth import read_auth, require, token_auth
from parity.api.common import SafeText, check_path_text, limit_param, offset_param, page_of
from parity.api.errors import ApiError, ErrorOut
from parity.mainstreaming import services
from parity.mainstreaming.models import DEFAULT_SCHEME, Flag, StageReview

Stage = Literal["planning", "formulation", "implementation", "monitoring", "evaluation"]
StageFilter = Literal["", "planning", "formulation", "implementation", "monitoring", "evaluation"]
StatusFilter = Literal["", "draft", "submitted", "approved", "returned"]


class AnswerOut(Schema):
    criterion: str
    answer: str
    evidence_text: str
    evidence_url: str
    evidence_result_id: int | None
    evidence_indicator_id: int | None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    by: str
    at: datetime
    comment: str


class ReviewSummary(Schema):
    id: int
    activity: str
    stage: str
    scheme: str
    status: str
    proposed_score: str
    version: int = Field(description="Send it back with a change: a stale version is a 409")
    submitted_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime


class ReviewDetail(ReviewSummary):
    justification: str
    decision_comment: str
    created_by: str
    submitted_by: str | None
    decided_by: str | None
    answers: list[AnswerOut]
    events: list[EventOut]


class ReviewPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReviewSummary]


class FlagOut(Schema):
    activity: str
    rule: str
    severity: str
    message: str
    element: str
    created: datetime


class FlagPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[FlagOut]


class ReviewFilters(Schema):
    activity: SafeText = Field("", description="IATI identifier")
    stage: StageFilter = Field("", description="A stage of the project cycle")
    status: StatusFilter = Field("", description="draft, submitted, approved or returned")


class FlagFilters(Schema):
    activity: SafeText = Field("", description="IATI identifier")
    rule: SafeText = Field("", description="Rule id")
    severity: SafeText = Field("", description="Severity of the rule")


class ReviewStart(Schema):
    activity: str = Field(max_length=300, description="IATI identifier")
    stage: Stage
    scheme: str = Field(DEFAULT_SCHEME, max_length=100)


class AnswerIn(Schema):
    answer: Literal["met", "not_met", "na"]
    text: str = Field("", max_length=10_000)
    url: str = Field("", max_length=2000)
    result_id: int | None = Field(None, ge=1, le=2**62)
    indicator_id: int | None = Field(None, ge=1, le=2**62)


class ReviewSave(Schema):
    version: int = Field(ge=1, le=2**31, description="The version you read")
    answers: dict[str, AnswerIn] = Field(description="Every answered criterion, by criterion id")
    proposed_score: str = Field("", max_length=40)
    justification: str = Field("", max_length=10_000)


class Transition(Schema):
    version: int | None = Field(None, ge=1, le=2**31, description="The version you read")
    comment: str = Field("", max_length=10_000)
    confirmed: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Submit and approve: the criteria answered met that the evidence rules "
        "contradict, confirmed after looking at the evidence (the refusal names them)",
    )


def no_nul(*values: str) -> None:
    for value in values:
        if "\x00" in value:
            raise ApiError("Text must not contain NUL characters.", None, 422)


def review_out(review: StageReview, detail: bool = False) -> dict:
    out = {
        "id": review.pk,
        "activity": review.activity.iati_identifier,
        "stage": review.stage,
        "scheme": review.scheme,
        "status": review.status,
        "proposed_score": review.proposed_score,
        "version": review.version,
        "submitted_at": review.submitted_at,
        "decided_at": review.decided_at,
        "updated_at": review.updated_at,
    }
    if detail:
        name = lambda user: user.get_username() if user else None  # noqa: E731
        out.update(
            justification=review.justification,
            decision_comment=review.decision_comment,
            created_by=name(review.created_by),
            submitted_by=name(review.submitted_by),
            decided_by=name(review.decided_by),
            answers=list(review.answers.all()),
            events=[
                {
                    "action": e.action,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                    "by": e.by.get_username(),
                    "at": e.at,
                    "comment": e.comment,
                }
                for e in review.events.select_related("by")
            ],
        )
    return out


def check_activity_exists(identifier: str) -> None:
    """A filter naming an activity Parity does not hold is an error, not an empty list."""
    if not Activity.objects.filter(iati_identifier=identifier).exists():
        raise ApiError(f"No activity with the identifier {identifier!r}.", "activity")


def flag_out(flag: Flag) -> dict:
    return {
        "activity": flag.activity.iati_identifier,
        "rule": flag.rule,
        "severity": flag.severity,
        "message": flag.message,
        "element": flag.element,
        "created": flag.created,
    }


def review_or_404(pk: int) -> StageReview:
    try:
        return StageReview.objects.select_related(
            "activity", "created_by", "submitted_by", "decided_by"
        ).get(pk=pk)
    except StageReview.DoesNotExist:
        raise ApiError(f"No review {pk}.", "id", 404) from None


router = Router(tags=["reviews"])


@router.get(
    "/reviews",
    response={200: ReviewPage, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="List gender reviews",
)
def list_reviews(
    request: HttpRequest,
    filters: Query[ReviewFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    require(request.auth, roles.VIEW, "read reviews")
    activity, stage, status = filters.activity, filters.stage, filters.status
    reviews = StageReview.objects.select_related("activity").order_by("activity", "id")
    if activity:
        check_activity_exists(activity)
        reviews = reviews.filter(activity__iati_identifier=activity)
    if stage:
        reviews = reviews.filter(stage=stage)
    if status:
        reviews = reviews.filter(status=status)
    return page_of(reviews, limit, offset, "reviews", each=review_out)


@router.get(
    "/reviews/{int:pk}",
    response={200: ReviewDetail, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="One review",
)
def get_review(request: HttpRequest, pk: int):
    require(request.auth, roles.VIEW, "read reviews")
    return review_out(review_or_404(pk), detail=True)


@router.post(
    "/reviews",
    response={201: ReviewDetail, codes_4xx: ErrorOut},
    auth=token_auth,
    summary="Start a review (editor)",
)
def start_review(request: HttpRequest, payload: ReviewStart):
    """Open the review of a stage as a draft (the existing one when it is already open)."""
    require(request.auth, roles.EDIT, "start a review")
    no_nul(payload.activity, payload.scheme)
    check_path_text(payload.activity, "activity")
    try:
        activity = Activity.objects.get(iati_identifier=payload.activity)
    except Activity.DoesNotExist:
        raise ApiError(
            f"No activity with the identifier {payload.activity!r}.", "activity"
        ) from None
    review = services.review_start(activity, payload.stage, request.auth, scheme=payload.scheme)
    return Status(201, review_out(review_or_404(review.pk), detail=True))


@router.put(
    "/reviews/{int:pk}/answers",
    response={200: ReviewDetail, codes_4xx: ErrorOut},
    auth=token_auth,
    summary="Save the checklist answers (editor)",
)
def save_review(request: HttpRequest, pk: int, payload: ReviewSave):
    require(request.auth, roles.EDIT, "edit this review")
    review = review_or_404(pk)
    answers = {}
    for criterion, a in payload.answers.items():
        no_nul(criterion, a.text, a.url)
        answers[criterion[:100]] = services.AnswerInput(
            answer=a.answer,
            text=a.text,
            url=a.url,
            result_id=a.result_id,
            indicator_id=a.indicator_id,
        )
    no_nul(payload.proposed_score, payload.justification)
    services.review_save(
        review,
        request.auth,
        version=payload.version,
        answers=answers,
        proposed_score=payload.proposed_score,
        justification=payload.justification,
    )
    return review_out(review_or_404(pk), detail=True)


TRANSITIONS = {
    "submit": (services.review_submit, roles.SUBMIT),
    "approve": (services.review_approve, roles.APPROVE),
    "return": (services.review_return, roles.RETURN),
    "reopen": (services.review_reopen, roles.REOPEN),
}


@router.post(
    "/reviews/{int:pk}/{action}",
    response={200: ReviewDetail, codes_4xx: ErrorOut},
    auth=token_auth,
    summary="Submit (editor), approve or return (reviewer), reopen (editor)",
)
def transition_review(
    request: HttpRequest,
    pk: int,
    action: Literal["submit", "approve", "return", "reopen"],
    payload: Transition,
):
    """Move the review on. Nobody approves or returns their own submission; a return needs a
    comment; a stale version is a 409 and changes nothing."""
    service, needed = TRANSITIONS[action]
    require(request.auth, needed, f"{action} this review")
    no_nul(payload.comment)
    review = review_or_404(pk)
    extra = {"confirmed": payload.confirmed} if action in ("submit", "approve") else {}
    service(review, request.auth, version=payload.version, comment=payload.comment, **extra)
    return review_out(review_or_404(pk), detail=True)


@router.get(
    "/flags",
    response={200: FlagPage, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="Evidence flags",
)
def list_flags(
    request: HttpRequest,
    filters: Query[FlagFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    """Where an activity's marker is not backed by its own data (parity.markers rules)."""
    activity, rule, severity = filters.activity, filters.rule, filters.severity
    flags = Flag.objects.select_related("activity").order_by("activity__iati_identifier", "id")
    if activity:
        check_activity_exists(activity)
        flags = flags.filter(activity__iati_identifier=activity)
    if rule:
        flags = flags.filter(rule=rule)
    if severity:
        flags = flags.filter(severity=severity)
    return page_of(flags, limit, offset, "flags", each=flag_out)
