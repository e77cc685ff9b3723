"""Marker suggestions: the ranked scores of unscreened activities, the model they come from,
and a reviewer's accept or reject. A suggestion never sets a marker (docs/suggestions.md).

Reading needs the viewer role, as on the web pages (suggestions are a work aid, not published
data); deciding needs a reviewer's token and goes through parity.mainstreaming.suggestions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.responses import codes_4xx
from pydantic import AfterValidator

from parity import roles
from parity.activities.models import Activity, Organisation
from parity.api.auth import read_auth, require, token_auth
from parity.api.common import (
    SafeText,
    check_path_text,
    limit_param,
    offset_param,
    page_of,
)
from parity.api.errors import ApiError, ErrorOut
from parity.mainstreaming import suggestions
from parity.mainstreaming.suggestion_models import MarkerSuggestion

JUDGEMENT = suggestions.JUDGEMENT


class ReasonOut(Schema):
    feature: str = Field(description='A word ("word: women") or a code ("purpose: 15170")')
    weight: float = Field(description="Positive: towards gender equality focused")


class SuggestionOut(Schema):
    activity: str
    title: str
    probability: float = Field(description="Calibrated chance the activity is marked 1 or 2")
    score: int = Field(description="Suggested marker (0, 1, 2; a binary model: 0 or 1)")
    reasons: list[ReasonOut]
    decision: str = Field(description='"accepted", "rejected" or "" (none yet)')


class SuggestionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SuggestionOut]


class SuggestionFilters(Schema):
    reporting_org: SafeText = Field("", description="Only this organisation's (IATI identifier)")
    min_probability: float = Field(0.0, ge=0.0, le=1.0)


class ModelOut(Schema):
    created: str
    target: str
    rows: int
    trained_on: list[dict[str, Any]]
    cross_validated: dict[str, float]
    note: str


def without_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; a comment may hold line breaks.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class DecisionIn(Schema):
    accepted: bool
    comment: Annotated[str, Field(max_length=2000), AfterValidator(without_nul)] = ""


class DecisionOut(Schema):
    activity: str
    decision: str
    probability: float
    suggested_score: int
    label: int = Field(description="What training reads from this decision")
    by: str
    at: datetime


router = Router(tags=["suggestions"])


def suggestion_out(stored: MarkerSuggestion, decision: str) -> dict:
    return {
        "activity": stored.activity.iati_identifier,
        "title": stored.activity.title,
        "probability": stored.probability,
        "score": stored.score,
        "reasons": [{"feature": f, "weight": w} for f, w in stored.reasons],
        "decision": decision,
    }


@router.get(
    "/suggestions",
    response={200: SuggestionPage, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="Unscreened activities, the likeliest gender equality focused first",
)
def list_suggestions(
    request: HttpRequest,
    filters: Query[SuggestionFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    require(request.auth, roles.VIEW, "read marker suggestions")
    listed = suggestions.ranked().filter(
        activity__gender_marker__isnull=True, probability__gte=filters.min_probability
    )
    if filters.reporting_org:
        if not Organisation.objects.filter(ref=filters.reporting_org).exists():
            raise ApiError(
                f"No reporting organisation with the identifier {filters.reporting_org!r}.",
                "reporting_org",
            )
        listed = listed.filter(activity__reporting_org__ref=filters.reporting_org)
    page = page_of(listed, limit, offset, "suggestions")
    decided = suggestions.latest_decisions([s.activity_id for s in page["items"]])
    page["items"] = [suggestion_out(s, decided.get(s.activity_id, "")) for s in page["items"]]
    return page


@router.get(
    "/suggestions/model",
    response={200: ModelOut, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="The model behind the suggestions: what it was trained on, how well it did",
)
def suggestion_model(request: HttpRequest):
    require(request.auth, roles.VIEW, "read marker suggestions")
    header = suggestions.current_header()
    if header is None:
        raise ApiError("No marker model: run parity train-marker-model.", None, 404)
    return {**header, "note": JUDGEMENT}


@router.post(
    "/suggestions/{path:identifier}/decision",
    response={201: DecisionOut, codes_4xx: ErrorOut},
    auth=token_auth,
    summary="Accept or reject an activity's suggestion (reviewer)",
)
def decide(request: HttpRequest, identifier: str, payload: DecisionIn):
    check_path_text(identifier, "identifier")
    try:
        activity = Activity.objects.get(iati_identifier=identifier)
    except Activity.DoesNotExist:
        raise ApiError(
            f"No activity with the identifier {identifier!r}.", "identifier", 404
        ) from None
    made = suggestions.suggestion_decide(activity, request.auth, payload.accepted, payload.comment)
    return Status(
        201,
        {
            "activity": identifier,
            "decision": made.decision,
            "probability": made.probability,
            "suggested_score": made.suggested_score,
            "label": made.label,
            "by": made.by.get_username(),
            "at": made.at,
        },
    )
