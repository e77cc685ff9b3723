"""Marker suggestions on stored activities: what the model reads from the database, the stored
scores (refreshed in one transaction), reviewers' decisions, and the model in use.

The model (parity.suggest) never sets a marker. Reviewers accept or reject a suggestion; the
decisions are kept and are training data the next time a model is trained.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_noop

from parity import roles
from parity.activities.models import Activity, ActivitySector
from parity.mainstreaming.errors import ReviewError, require
from parity.mainstreaming.suggestion_models import MarkerSuggestion, SuggestionDecision
from parity.suggest import LabelledRow, Subject, SuggestError, modelfile
from parity.suggest.model import MarkerModel, Suggestion

CHUNK = 5000
JUDGEMENT = gettext_noop(
    "A suggestion is a guess from the activity's words and codes. A gender marker is a "
    "judgement about the activity's design that only its documents settle: read them before "
    "screening; a suggestion never sets a marker."
)
# Stored in the model file in English, shown in the reader's language.
SCREENED_SOURCE = gettext_noop("screened activities in this Parity (not the sample)")
DECISIONS_SOURCE = gettext_noop("reviewers' decisions on suggestions")


class DecisionError(ReviewError):
    """A refused accept/reject; nothing was written."""


def model_path() -> Path:
    return modelfile.default_path(Path(settings.DATA_DIR))


def current_model() -> tuple[MarkerModel, dict[str, Any]]:
    """The model in the data folder (SuggestError naming the fix when absent or stale)."""
    return modelfile.load(model_path())


def current_header() -> dict[str, Any] | None:
    """What the page says about the model: its header, or None when there is no usable one."""
    try:
        return modelfile.read_header(model_path())
    except SuggestError:
        return None


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def subjects(activities: QuerySet[Activity]) -> Iterator[tuple[int, Subject]]:
    """(activity id, Subject) for each activity, read in flat queries per chunk."""
    ids = list(activities.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(ids):
        purposes: dict[int, list[str]] = {}
        sectors = ActivitySector.objects.filter(activity_id__in=chunk, vocabulary="1")
        for activity_id, code in sectors.order_by("pk").values_list("activity_id", "code"):
            purposes.setdefault(activity_id, []).append(code)
        rows = Activity.objects.filter(pk__in=chunk).order_by("pk")
        for pk, identifier, title, description, org_name, org_ref, aid_types in rows.values_list(
            "pk",
            "iati_identifier",
            "title",
            "description",
            "reporting_org__name",
            "reporting_org__ref",
            "default_aid_types",
        ):
            yield (
                pk,
                Subject(
                    key=identifier,
                    title=title or "",
                    description=description or "",
                    purpose_codes=tuple(purposes.get(pk, ())),
                    provider=org_name or org_ref or "",
                    aid_type=str(aid_types[0]) if aid_types else "",
                ),
            )


def labelled_sources() -> list[tuple[str, list[LabelledRow]]]:
    """The instance's own labelled data: screened real activities, and the latest decision on
    each activity that is still unscreened (a marker set later wins over a decision)."""
    screened = Activity.objects.filter(gender_marker__isnull=False, is_sample=False)
    marker_of = dict(screened.values_list("pk", "gender_marker"))
    screened_rows = [
        LabelledRow(subject, marker_of[pk] > 0, marker_of[pk], SCREENED_SOURCE)
        for pk, subject in subjects(screened)
    ]
    latest = SuggestionDecision.objects.filter(activity=OuterRef("pk")).order_by("-at", "-id")
    decided = Activity.objects.filter(gender_marker__isnull=True).annotate(
        label=Subquery(latest.values("label")[:1])
    )
    label_of = dict(decided.filter(label__isnull=False).values_list("pk", "label"))
    decided_rows = [
        LabelledRow(subject, label_of[pk] > 0, label_of[pk], DECISIONS_SOURCE)
        for pk, subject in subjects(Activity.objects.filter(pk__in=list(label_of)))
    ]
    return [(SCREENED_SOURCE, screened_rows), (DECISIONS_SOURCE, decided_rows)]


def unscreened() -> QuerySet[Activity]:
    return Activity.objects.filter(gender_marker__isnull=True)


def _stored(activity_id: int, result: Any, created: str, now: Any) -> MarkerSuggestion:
    if isinstance(result, Suggestion):
        return MarkerSuggestion(
            activity_id=activity_id,
            probability=round(result.probability, 4),
            score=result.score,
            reasons=[[r.feature, round(r.weight, 4)] for r in result.reasons],
            model_created=created,
            computed_at=now,
        )
    return MarkerSuggestion(
        activity_id=activity_id, refusal=result.reason, model_created=created, computed_at=now
    )


def suggestions_refresh(
    model: MarkerModel, header: dict[str, Any], activities: QuerySet[Activity] | None = None
) -> int:
    """Score every unscreened activity (or those given) and replace the stored suggestions in
    one transaction; suggestions on activities screened since are removed. Returns the count."""
    activities = unscreened() if activities is None else activities
    now = timezone.now()
    created = header["created"]
    stored: list[MarkerSuggestion] = []
    batch: list[tuple[int, Subject]] = []

    def score(pairs: list[tuple[int, Subject]]) -> None:
        results = model.suggest([subject for _, subject in pairs])
        stored.extend(
            _stored(pk, result, created, now)
            for (pk, _), result in zip(pairs, results, strict=True)
        )

    for pair in subjects(activities):
        batch.append(pair)
        if len(batch) == CHUNK:
            score(batch)
            batch = []
    if batch:
        score(batch)
    with transaction.atomic():
        MarkerSuggestion.objects.filter(activity__gender_marker__isnull=False).delete()
        MarkerSuggestion.objects.filter(activity_id__in=activities.values("pk")).delete()
        MarkerSuggestion.objects.bulk_create(stored, batch_size=1000)
    return len(stored)


def rejected_label(suggested_score: int) -> int:
    """A rejected suggestion of focus reads as 0; a rejected "not focused" as 1 (focused, at
    least significant: the reviewer did not say which)."""
    return 0 if suggested_score > 0 else 1


def suggestion_decide(
    activity: Activity, user: Any, accepted: bool, comment: str = ""
) -> SuggestionDecision:
    """Record a reviewer's accept or reject of the activity's current suggestion."""
    require(user, roles.APPROVE, gettext_noop("decide on a marker suggestion"))
    with transaction.atomic():
        suggestion = (
            MarkerSuggestion.objects.select_for_update()
            .filter(activity=activity, probability__isnull=False)
            .first()
        )
        if suggestion is None or suggestion.score is None:
            raise DecisionError("This activity has no marker suggestion to accept or reject.")
        activity.refresh_from_db(fields=["gender_marker"])
        if activity.gender_marker is not None:
            raise DecisionError(
                "This activity has been screened since (its marker is set): the suggestion "
                "no longer applies."
            )
        score = suggestion.score
        return SuggestionDecision.objects.create(
            activity=activity,
            decision=SuggestionDecision.ACCEPTED if accepted else SuggestionDecision.REJECTED,
            probability=suggestion.probability,
            suggested_score=score,
            label=score if accepted else rejected_label(score),
            comment=comment.strip()[:2000],
            by=user,
            at=timezone.now(),
        )


@dataclass(frozen=True)
class Shown:
    """A stored suggestion as pages and the API show it."""

    probability: float | None
    score: int | None
    reasons: list[tuple[str, float]]
    refusal: str
    decision: SuggestionDecision | None


def suggestion_for(activity: Activity) -> Shown | None:
    suggestion = MarkerSuggestion.objects.filter(activity=activity).first()
    if suggestion is None:
        return None
    decision = SuggestionDecision.objects.filter(activity=activity).order_by("-at", "-id").first()
    return Shown(
        probability=suggestion.probability,
        score=suggestion.score,
        reasons=[(str(feature), float(weight)) for feature, weight in suggestion.reasons],
        refusal=suggestion.refusal,
        decision=decision,
    )


def latest_decisions(activity_ids: list[int]) -> dict[int, str]:
    """The latest decision ("accepted"/"rejected") per activity, for a page of suggestions."""
    decided: dict[int, str] = {}
    rows = SuggestionDecision.objects.filter(activity_id__in=activity_ids).order_by("at", "id")
    for activity_id, decision in rows.values_list("activity_id", "decision"):
        decided[activity_id] = decision
    return decided


def ranked(activities: Iterable[int] | None = None) -> QuerySet[MarkerSuggestion]:
    """Stored suggestions with a score, most likely focused first."""
    queryset = MarkerSuggestion.objects.filter(probability__isnull=False)
    if activities is not None:
        queryset = queryset.filter(activity_id__in=list(activities))
    return queryset.select_related("activity").order_by("-probability", "activity_id")
