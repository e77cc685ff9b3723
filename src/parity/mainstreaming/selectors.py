"""Read-side queries: the portfolio (filters, counts, sorted list, exports) and review pages.

The portfolio reads only Activity and the small per-activity ReviewState row (kept exact by the
services), so counting 100,000 activities is one aggregate query and a page is one indexed,
limited query. Filters on countries and pillars are EXISTS subqueries, so no row is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict

from parity.activities.models import Activity, RecipientCountry
from parity.commitments.models import Framework, PillarTag
from parity.mainstreaming.models import STAGE_NUMBER, StageReview
from parity.markers import Stage

DEFAULT_OVERDUE_DAYS = 30
EVALUATION = STAGE_NUMBER[Stage.EVALUATION.value]

MARKER_FILTERS = {
    "none": Q(gender_marker__isnull=True),
    "0": Q(gender_marker=0),
    "1": Q(gender_marker=1),
    "2": Q(gender_marker=2),
    "focused": Q(gender_marker__in=[1, 2]),
}
SORTS = {
    "identifier": ["iati_identifier"],
    "-identifier": ["-iati_identifier"],
    "marker": [F("gender_marker").asc(nulls_first=True), "iati_identifier"],
    "-marker": [F("gender_marker").desc(nulls_last=True), "iati_identifier"],
    "flags": ["flag_count", "iati_identifier"],
    "-flags": ["-flag_count", "iati_identifier"],
    "stage": ["stage_number", "iati_identifier"],
    "-stage": ["-stage_number", "iati_identifier"],
}


def overdue_days() -> int:
    """``PARITY_REVIEW_OVERDUE_DAYS``: days a submitted review may wait for a decision."""
    return int(getattr(settings, "PARITY_REVIEW_OVERDUE_DAYS", DEFAULT_OVERDUE_DAYS))


@dataclass(frozen=True)
class PortfolioFilter:
    reporting_org: str = ""
    country: str = ""
    framework: str = ""  # framework slug
    pillar: str = ""  # pillar id, within any framework
    marker: str = ""  # none, 0, 1, 2, focused
    stage: str = ""  # 0 (none approved) .. 5 (evaluation approved)
    flags: str = ""  # "open" or "none"
    overdue: str = ""  # "yes"
    q: str = ""
    sort: str = "identifier"

    @classmethod
    def from_query(cls, params: QueryDict) -> PortfolioFilter:
        """Unknown values are dropped rather than trusted (strict input at the edge)."""
        get = {f.name: params.get(f.name, "").strip()[:200] for f in fields(cls)}
        get["country"] = get["country"].upper()[:3]
        if get["marker"] not in MARKER_FILTERS:
            get["marker"] = ""
        if get["stage"] not in {str(n) for n in range(len(Stage) + 1)}:
            get["stage"] = ""
        if get["flags"] not in {"open", "none"}:
            get["flags"] = ""
        if get["overdue"] != "yes":
            get["overdue"] = ""
        if not get["pillar"].isdigit():
            get["pillar"] = ""
        if get["sort"] not in SORTS:
            get["sort"] = "identifier"
        return cls(**get)

    def is_filtered(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "sort")


def overdue_condition(now: datetime, today: date) -> Q:
    """Overdue: a submitted review waiting longer than the setting allows, or an activity past
    its end date (actual, else planned) without an approved evaluation review."""
    waiting = Q(review_state__pending_since__lt=now - timedelta(days=overdue_days()))
    unevaluated = Q(review_state__isnull=True) | Q(review_state__stage_reached__lt=EVALUATION)
    return waiting | (Q(end_date__lt=today) & unevaluated)


def filtered(criteria: PortfolioFilter, now: datetime, today: date) -> QuerySet[Activity]:
    queryset = Activity.objects.all()
    if criteria.reporting_org:
        queryset = queryset.filter(reporting_org__ref=criteria.reporting_org)
    if criteria.country:
        queryset = queryset.filter(
            Exists(RecipientCountry.objects.filter(activity=OuterRef("pk"), code=criteria.country))
        )
    if criteria.framework:
        queryset = queryset.filter(
            Exists(
                PillarTag.objects.filter(
                    activity=OuterRef("pk"), pillar__framework__slug=criteria.framework
                )
            )
        )
    if criteria.pillar:
        queryset = queryset.filter(
            Exists(PillarTag.objects.filter(activity=OuterRef("pk"), pillar_id=criteria.pillar))
        )
    if criteria.marker:
        queryset = queryset.filter(MARKER_FILTERS[criteria.marker])
    if criteria.stage == "0":
        queryset = queryset.filter(Q(review_state__isnull=True) | Q(review_state__stage_reached=0))
    elif criteria.stage:
        queryset = queryset.filter(review_state__stage_reached=int(criteria.stage))
    if criteria.flags == "open":
        queryset = queryset.filter(review_state__open_flags__gt=0)
    elif criteria.flags == "none":
        queryset = queryset.filter(Q(review_state__isnull=True) | Q(review_state__open_flags=0))
    if criteria.overdue:
        queryset = queryset.filter(overdue_condition(now, today))
    if criteria.q:
        queryset = queryset.filter(
            Q(iati_identifier__icontains=criteria.q) | Q(title__icontains=criteria.q)
        )
    return queryset


def portfolio_list(criteria: PortfolioFilter, now: datetime, today: date) -> QuerySet[Activity]:
    """The list to work through, sorted; the same queryset feeds the page and the exports."""
    return (
        filtered(criteria, now, today)
        .select_related("reporting_org")
        .annotate(
            stage_number=Coalesce(F("review_state__stage_reached"), Value(0)),
            flag_count=Coalesce(F("review_state__open_flags"), Value(0)),
            pending_since=F("review_state__pending_since"),
        )
        .order_by(*SORTS[criteria.sort])
    )


def portfolio_summary(criteria: PortfolioFilter, now: datetime, today: date) -> dict[str, int]:
    """Every count of the portfolio in one aggregate query."""
    counts: dict = {
        "total": Count("pk"),
        "screened": Count("pk", filter=Q(gender_marker__isnull=False)),
        "marker_none": Count("pk", filter=Q(gender_marker__isnull=True)),
        "flagged": Count("pk", filter=Q(review_state__open_flags__gt=0)),
        "overdue": Count("pk", filter=overdue_condition(now, today)),
        "stage_0": Count(
            "pk", filter=Q(review_state__isnull=True) | Q(review_state__stage_reached=0)
        ),
    }
    for score in (0, 1, 2):
        counts[f"marker_{score}"] = Count("pk", filter=Q(gender_marker=score))
    for number in range(1, len(Stage) + 1):
        counts[f"stage_{number}"] = Count("pk", filter=Q(review_state__stage_reached=number))
    return filtered(criteria, now, today).aggregate(**counts)


def framework_choices() -> list[Framework]:
    return list(Framework.objects.prefetch_related("pillars").order_by("name"))


def review_page(activity: Activity) -> dict:
    """The five stages of an activity, each with its review (or None), in cycle order."""
    reviews = {
        r.stage: r
        for r in StageReview.objects.filter(activity=activity).select_related(
            "submitted_by", "decided_by"
        )
    }
    return {
        "stages": [(stage.value, reviews.get(stage.value)) for stage in Stage],
        "marker_changes": activity.marker_changes.select_related("by", "review").order_by(
            "-at", "-pk"
        ),
        "flags": activity.marker_flags.all(),
        "tags": PillarTag.objects.filter(activity=activity).select_related("pillar__framework"),
    }


EXPORT_COLUMNS = [
    "iati_identifier",
    "title",
    "reporting_org",
    "gender_marker",
    "stage_reached",
    "open_flags",
    "review_waiting_since",
    "end_date",
]


def export_rows(queryset: QuerySet[Activity]):
    """Plain rows for CSV and XLSX, streamed from the database in chunks."""
    stages = [stage.value for stage in Stage]
    rows = queryset.values_list(
        "iati_identifier",
        "title",
        "reporting_org__ref",
        "gender_marker",
        "stage_number",
        "flag_count",
        "pending_since",
        "end_date",
    )
    for identifier, title, org, marker, stage, flags, since, end in rows.iterator(chunk_size=2000):
        yield [
            identifier,
            title,
            org,
            "not screened" if marker is None else marker,
            stages[stage - 1] if stage else "none",
            flags,
            since.isoformat() if since else "",
            end.isoformat() if end else "",
        ]
