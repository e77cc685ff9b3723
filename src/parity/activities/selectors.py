"""Read-side queries for activities: filtering, searching and loading one activity whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from parity.activities.models import (
    Activity,
    Indicator,
    IndicatorPeriod,
    Result,
)

MARKER_FILTERS = {
    "none": Q(gender_marker__isnull=True),
    "0": Q(gender_marker=0),
    "1": Q(gender_marker=1),
    "2": Q(gender_marker=2),
    "focused": Q(gender_marker__in=[1, 2]),
}


@dataclass(frozen=True)
class ActivityFilter:
    """What a user can filter the activity list on; every field optional."""

    q: str = ""
    reporting_org: str = ""
    country: str = ""
    sector: str = ""
    marker: str = ""
    status: str = ""
    sample: str = ""  # "", "only" or "exclude"


def activity_list(criteria: ActivityFilter) -> QuerySet[Activity]:
    queryset = Activity.objects.select_related("reporting_org").order_by("iati_identifier")
    if criteria.q:
        queryset = queryset.filter(
            Q(title__icontains=criteria.q) | Q(iati_identifier__icontains=criteria.q)
        )
    if criteria.reporting_org:
        queryset = queryset.filter(reporting_org__ref=criteria.reporting_org)
    if criteria.country:
        queryset = queryset.filter(recipient_countries__code=criteria.country)
    if criteria.sector:
        queryset = queryset.filter(sectors__code__startswith=criteria.sector)
    if criteria.marker in MARKER_FILTERS:
        queryset = queryset.filter(MARKER_FILTERS[criteria.marker])
    if criteria.status:
        queryset = queryset.filter(status=criteria.status)
    if criteria.sample == "only":
        queryset = queryset.filter(is_sample=True)
    elif criteria.sample == "exclude":
        queryset = queryset.filter(is_sample=False)
    if criteria.country or criteria.sector:
        queryset = queryset.distinct()
    return queryset


def activity_detail(identifier: str) -> Activity:
    """One activity with all its parts loaded in a fixed number of queries."""
    periods = IndicatorPeriod.objects.prefetch_related("values")
    indicators = Indicator.objects.prefetch_related(
        "baselines", Prefetch("periods", queryset=periods)
    )
    results = Result.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return (
        Activity.objects.select_related("reporting_org")
        .prefetch_related(
            "descriptions",
            "dates",
            "participating_orgs",
            "recipient_countries",
            "recipient_regions",
            "sectors",
            "policy_markers",
            "budgets",
            "transactions",
            Prefetch("results", queryset=results),
            "document_links",
            "locations",
            "related_activities",
        )
        .get(iati_identifier=identifier)
    )
