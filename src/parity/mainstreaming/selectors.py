"""Read-side queries: the portfolio (filters, counts, sorted list, exports) and review pages.

The portfolio reads the narrow per-activity ReviewState row (kept exact by the services and by
flags_refresh), never the wide Activity table, so counting 100,000 activities is one aggregate
over one small table and a page is one indexed, limited query. Filters on countries and pillars
are IN subqueries, so no row is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, gettext_noop

from parity.activities.models import Activity, Organisation, RecipientCountry
from parity.commitments.models import Framework, PillarTag
from parity.mainstreaming.models import STAGE_NUMBER, ReviewState, StageReview
from parity.mainstreaming.suggestion_selectors import likely_activities, probability_of
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
    "identifier": ["identifier"],
    "-identifier": ["-identifier"],
    "marker": [F("gender_marker").asc(nulls_first=True), "identifier"],
    "-marker": [F("gender_marker").desc(nulls_last=True), "identifier"],
    "flags": ["open_flags", "identifier"],
    "-flags": ["-open_flags", "identifier"],
    "stage": ["stage_reached", "identifier"],
    "-stage": ["-stage_reached", "identifier"],
    "-suggested": [F("suggested").desc(nulls_last=True), "identifier"],
    "suggested": [F("suggested").asc(nulls_last=True), "identifier"],
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
    suggested: str = ""  # "likely": unscreened with a marker suggestion of 0.5 or more
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
        if get["suggested"] != "likely":
            get["suggested"] = ""
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
    waiting = Q(pending_since__lt=now - timedelta(days=overdue_days()))
    return waiting | Q(end_date__lt=today, stage_reached__lt=EVALUATION)


def filtered(criteria: PortfolioFilter, now: datetime, today: date) -> QuerySet[ReviewState]:
    queryset = ReviewState.objects.all()
    if criteria.reporting_org:
        queryset = queryset.filter(reporting_org__ref=criteria.reporting_org)
    # IN (subquery) rather than a correlated EXISTS: the database builds the set of matching
    # activities once from the code or pillar index instead of probing once per row.
    if criteria.country:
        countries = RecipientCountry.objects.filter(code=criteria.country)
        queryset = queryset.filter(activity_id__in=countries.values("activity_id"))
    if criteria.framework:
        tags = PillarTag.objects.filter(pillar__framework__slug=criteria.framework)
        queryset = queryset.filter(activity_id__in=tags.values("activity_id"))
    if criteria.pillar:
        tags = PillarTag.objects.filter(pillar_id=criteria.pillar)
        queryset = queryset.filter(activity_id__in=tags.values("activity_id"))
    if criteria.marker:
        queryset = queryset.filter(MARKER_FILTERS[criteria.marker])
    if criteria.stage:
        queryset = queryset.filter(stage_reached=int(criteria.stage))
    if criteria.flags == "open":
        queryset = queryset.filter(open_flags__gt=0)
    elif criteria.flags == "none":
        queryset = queryset.filter(open_flags=0)
    if criteria.overdue:
        queryset = queryset.filter(overdue_condition(now, today))
    if criteria.suggested:
        queryset = queryset.filter(activity_id__in=likely_activities())
    if criteria.q:
        queryset = queryset.filter(
            Q(identifier__icontains=criteria.q) | Q(activity__title__icontains=criteria.q)
        )
    return queryset


def portfolio_list(criteria: PortfolioFilter, now: datetime, today: date) -> QuerySet[ReviewState]:
    """The list to work through, sorted; the same queryset feeds the page and the exports."""
    return (
        filtered(criteria, now, today)
        .select_related("activity")
        .only(
            "activity_id",
            "identifier",
            "gender_marker",
            "stage_reached",
            "open_flags",
            "pending_since",
            "end_date",
            "activity__title",
            "activity__is_sample",
        )
        .annotate(suggested=probability_of())
        .order_by(*SORTS[criteria.sort])
    )


def portfolio_summary(criteria: PortfolioFilter, now: datetime, today: date) -> dict[str, int]:
    """Every count of the portfolio in one pass over the narrow portfolio rows: a GROUP BY on
    marker and stage (at most 24 groups) counting flagged and overdue rows, summed here. A
    covering index on those columns lets the database answer without reading the table."""
    summary = dict.fromkeys(
        ["total", "marker_none", "marker_0", "marker_1", "marker_2", "flagged", "overdue"]
        + [f"stage_{n}" for n in range(len(Stage) + 1)],
        0,
    )
    # Grouped by the covering index's leading columns, so no sort is needed; COUNT(*) rather
    # than COUNT(pk) (and stage_reached, never NULL, for the filtered counts), so that SQLite
    # stays in the index.
    groups = (
        filtered(criteria, now, today)
        .order_by()
        .values_list("gender_marker", "stage_reached")
        .annotate(
            n=Count("*"),
            flagged=Count("stage_reached", filter=Q(open_flags__gt=0)),
            overdue=Count("stage_reached", filter=overdue_condition(now, today)),
        )
    )
    for marker, stage, n, flagged, overdue in groups:
        summary["total"] += n
        summary["marker_none" if marker is None else f"marker_{marker}"] += n
        summary[f"stage_{stage}"] += n
        summary["flagged"] += flagged
        summary["overdue"] += overdue
    summary["screened"] = summary["total"] - summary["marker_none"]
    return summary


def organisations() -> QuerySet[Organisation]:
    """Organisations with activities in the portfolio, for the filter."""
    return Organisation.objects.filter(
        Exists(ReviewState.objects.filter(reporting_org=OuterRef("pk")))
    ).order_by("name", "ref")


def unchecked_activities() -> int:
    """Activities without a portfolio row yet (imported but not checked): shown as a warning,
    because the portfolio cannot count them."""
    return Activity.objects.count() - ReviewState.objects.count()


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


# The download's column headers, as the page heads its columns, in the reader's language when
# written (docs/api.md, "Downloads and the API"): a program reads the API's field names instead.
EXPORT_COLUMNS = [
    gettext_noop("Identifier"),
    gettext_noop("Title"),
    gettext_noop("Reporting organisation"),
    gettext_noop("Gender marker"),
    gettext_noop("Stage reached"),
    gettext_noop("Open flags"),
    gettext_noop("Waiting since"),
    gettext_noop("End"),
]


def export_headers() -> list[str]:
    return [gettext(column) for column in EXPORT_COLUMNS]


def export_rows(queryset: QuerySet[ReviewState]):
    """Plain rows for CSV and XLSX, streamed from the database in chunks."""
    stages = [stage.value for stage in Stage]
    rows = queryset.values_list(
        "identifier",
        "activity__title",
        "reporting_org__ref",
        "gender_marker",
        "stage_reached",
        "open_flags",
        "pending_since",
        "end_date",
    )
    for identifier, title, org, marker, stage, flags, since, end in rows.iterator(chunk_size=2000):
        yield [
            identifier,
            title,
            org,
            gettext("not screened") if marker is None else marker,
            gettext(stages[stage - 1]) if stage else "",
            flags,
            since.isoformat() if since else "",
            end.isoformat() if end else "",
        ]
