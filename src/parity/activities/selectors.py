"""Read-side queries for activities: filtering, searching and loading one activity whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from parity.activities.models import (
    Activity,
    DataNote,
    ImportRun,
    Indicator,
    IndicatorPeriod,
    RecipientCountry,
    Result,
    Transaction,
)

MARKER_FILTERS = {
    "none": Q(gender_marker__isnull=True),
    "0": Q(gender_marker=0),
    "1": Q(gender_marker=1),
    "2": Q(gender_marker=2),
    "focused": Q(gender_marker__in=[1, 2]),
    "screened": Q(gender_marker__isnull=False),
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
    has_notes: bool | None = None  # kept with data-quality notes (True), without (False)
    sort: str = ""  # a key of SORTS, "-" in front for descending


# Columns the list sorts by; the identifier breaks ties so that pages never overlap.
SORTS = {
    "identifier": "iati_identifier",
    "title": "title",
    "country": "first_country",
    "status": "status",
    "start": "start_date",
    "end": "end_date",
    "committed": "committed",
    "disbursed": "disbursed",
    "marker": "gender_marker",
}


def _transaction_total(types: tuple[str, ...]) -> Subquery:
    """The sum of an activity's transactions of these types, as the file states them."""
    total = (
        Transaction.objects.filter(activity=OuterRef("pk"), type__in=types)
        .order_by()
        .values("activity")
        .annotate(total=Sum("value"))
        .values("total")
    )
    return Subquery(total, output_field=DecimalField(max_digits=22, decimal_places=4))


def _ordered(queryset: QuerySet[Activity], sort: str) -> QuerySet[Activity]:
    column = SORTS.get(sort.removeprefix("-"))
    if column is None:
        return queryset.order_by("iati_identifier")
    expression = F(column)
    ordering = (
        expression.desc(nulls_last=True)
        if sort.startswith("-")
        else expression.asc(nulls_last=True)
    )
    return queryset.order_by(ordering, "iati_identifier")


def activity_list(criteria: ActivityFilter) -> QuerySet[Activity]:
    """The filtered list, with its first country and its committed and disbursed totals."""
    queryset = (
        Activity.objects.select_related("reporting_org")
        .prefetch_related("recipient_countries")
        .annotate(
            first_country=Subquery(
                RecipientCountry.objects.filter(activity=OuterRef("pk"))
                .order_by("code")
                .values("code")[:1]
            ),
            committed=_transaction_total(("2", "11")),
            disbursed=_transaction_total(("3",)),
        )
    )
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
    if criteria.has_notes is not None:
        noted = Exists(DataNote.objects.filter(activity=OuterRef("pk")))
        queryset = queryset.filter(noted if criteria.has_notes else ~noted)
    if criteria.country or criteria.sector:
        queryset = queryset.distinct()
    return _ordered(queryset, criteria.sort)


@dataclass(frozen=True)
class NoteFilter:
    """What the data-quality notes can be filtered on; every field optional."""

    activity: str = ""  # one activity's IATI identifier
    part: str = ""
    action: str = ""
    reporting_org: str = ""
    source_file: str = ""


def data_notes(criteria: NoteFilter) -> QuerySet[DataNote]:
    """The notes across activities, by activity identifier then file order, with the
    activity's identifier and source file beside each."""
    lookups = {
        "activity__iati_identifier": criteria.activity,
        "part": criteria.part,
        "action": criteria.action,
        "activity__reporting_org__ref": criteria.reporting_org,
        "activity__source_file": criteria.source_file,
    }
    notes = DataNote.objects.filter(**{lookup: value for lookup, value in lookups.items() if value})
    return notes.order_by("activity__iati_identifier", "id").annotate(
        identifier=F("activity__iati_identifier"), source_file=F("activity__source_file")
    )


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
            "notes",
        )
        .get(iati_identifier=identifier)
    )


RUN_LISTED = 100  # activities named per kind on an import's page; the count says the rest


def run_activities(run: ImportRun, file_name: str) -> dict[str, QuerySet[Activity]]:
    """The activities one file of an import run created and updated: those its file wrote
    (their source file) while the run lasted, told apart by when they were first written."""
    written = Activity.objects.filter(source_file=file_name, updated_at__gte=run.started_at)
    if run.finished_at:
        written = written.filter(updated_at__lte=run.finished_at)
    created = written.filter(created_at__gte=run.started_at)
    updated = written.filter(created_at__lt=run.started_at)
    return {
        "created": created.order_by("iati_identifier").only("iati_identifier", "title", "titles"),
        "updated": updated.order_by("iati_identifier").only("iati_identifier", "title", "titles"),
    }


def noted_activities(file_name: str) -> QuerySet[Activity]:
    """The activities last written from this file that were kept with data-quality notes,
    each with its number of notes."""
    return (
        Activity.objects.filter(source_file=file_name, notes__isnull=False)
        .annotate(note_count=Count("notes"))
        .order_by("iati_identifier")
        .only("iati_identifier", "title", "titles")
    )
