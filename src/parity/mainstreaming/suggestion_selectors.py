"""The portfolio's reads of stored suggestions: kept apart from ``suggestions`` so that the
portfolio's module does not load scikit-learn."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from parity.mainstreaming.suggestion_models import MarkerSuggestion

LIKELY = 0.5  # the portfolio's "likely focused": this probability or more


def probability_of(activity_field: str = "activity_id") -> Subquery:
    """The stored probability of the row's activity (NULL: none, or screened since)."""
    stored = MarkerSuggestion.objects.filter(
        activity_id=OuterRef(activity_field), activity__gender_marker__isnull=True
    )
    return Subquery(stored.values("probability")[:1])


def likely_activities() -> QuerySet[MarkerSuggestion]:
    """Ids of unscreened activities whose suggestion is at least LIKELY, for an IN filter."""
    return MarkerSuggestion.objects.filter(
        probability__gte=LIKELY, activity__gender_marker__isnull=True
    ).values("activity_id")
