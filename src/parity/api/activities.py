"""Activities: the filtered, searched, paginated list, and one activity with all its parts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, ModelSchema, Query, Router, Schema
from ninja.responses import codes_4xx
from pydantic import field_validator

from parity.activities import codes, selectors
from parity.activities.models import (
    Activity,
    ActivityDate,
    ActivitySector,
    Budget,
    DataNote,
    DocumentLink,
    Indicator,
    IndicatorBaseline,
    IndicatorPeriod,
    IndicatorValue,
    Location,
    Organisation,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Transaction,
)
from parity.api.auth import read_auth
from parity.api.common import (
    Narrative,
    SafeText,
    as_stored,
    check_path_text,
    limit_param,
    offset_param,
    page_of,
)
from parity.api.errors import ApiError, ErrorOut
from parity.iati import codelists
from parity.pagekit.links import link_url

router = Router(tags=["activities"], auth=read_auth)


class ActivityFilters(Schema):
    q: SafeText = Field("", description="Words in the title or the IATI identifier")
    reporting_org: SafeText = Field("", description="Reporting organisation's IATI identifier")
    country: SafeText = Field("", description="Recipient country, ISO 3166-1 alpha-2 (e.g. KE)")
    sector: SafeText = Field("", description="DAC sector code or its start (e.g. 151, 15170)")
    marker: str = Field(
        "",
        description="Gender marker: 0, 1, 2, none (not screened) or focused (1 or 2)",
        json_schema_extra={"enum": ["", *selectors.MARKER_FILTERS]},
    )
    status: str = Field(
        "",
        description="IATI activity status code",
        json_schema_extra={"enum": ["", *codes.ACTIVITY_STATUSES]},
    )
    sample: str = Field(
        "",
        description="only: the synthetic sample data only; exclude: without it",
        json_schema_extra={"enum": ["", "only", "exclude"]},
    )
    has_notes: bool | None = Field(
        None,
        description="true: only activities kept with data-quality notes (a part dropped, "
        "kept as given or mapped on import); false: only those without",
    )

    @field_validator("country")
    @classmethod
    def known_country(cls, value: str) -> str:
        value = value.upper()
        if value and not codelists.is_valid("Country", value):
            raise ValueError(f"{value!r} is not an ISO 3166 country code in the IATI codelist")
        return value

    @field_validator("sector")
    @classmethod
    def sector_code(cls, value: str) -> str:
        if value and not (value.isascii() and value.isdigit() and len(value) <= 5):
            raise ValueError("a DAC sector code is up to 5 digits")
        return value

    @field_validator("marker")
    @classmethod
    def marker_value(cls, value: str) -> str:
        if value and value not in selectors.MARKER_FILTERS:
            raise ValueError(f"use one of {', '.join(selectors.MARKER_FILTERS)}")
        return value

    @field_validator("status")
    @classmethod
    def status_code(cls, value: str) -> str:
        if value and value not in codes.ACTIVITY_STATUSES:
            raise ValueError(
                f"use an IATI activity status code: {', '.join(codes.ACTIVITY_STATUSES)}"
            )
        return value

    @field_validator("sample")
    @classmethod
    def sample_value(cls, value: str) -> str:
        if value not in {"", "only", "exclude"}:
            raise ValueError("use only or exclude")
        return value


@as_stored
class OrganisationOut(ModelSchema):
    class Meta:
        model = Organisation
        fields = ["ref", "name", "type"]


class ActivitySummary(Schema):
    iati_identifier: str
    title: str
    reporting_org: OrganisationOut
    status: str
    gender_marker: int | None = Field(description="0, 1, 2; null = not screened (never 0)")
    start_date: date | None
    end_date: date | None
    default_currency: str
    is_sample: bool
    updated_at: datetime


class ActivityPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ActivitySummary]


class DescriptionOut(Schema):
    type: str
    narratives: list[Narrative]


@as_stored
class DateOut(ModelSchema):
    class Meta:
        model = ActivityDate
        exclude = ["id", "activity"]


@as_stored
class ParticipatingOrgOut(ModelSchema):
    names: list[Narrative]

    class Meta:
        model = ParticipatingOrg
        exclude = ["id", "activity", "names"]


@as_stored
class CountryOut(ModelSchema):
    class Meta:
        model = RecipientCountry
        exclude = ["id", "activity"]


@as_stored
class RegionOut(ModelSchema):
    class Meta:
        model = RecipientRegion
        exclude = ["id", "activity"]


@as_stored
class SectorOut(ModelSchema):
    narratives: list[Narrative]

    class Meta:
        model = ActivitySector
        exclude = ["id", "activity", "narratives"]


@as_stored
class PolicyMarkerOut(ModelSchema):
    narratives: list[Narrative]

    class Meta:
        model = PolicyMarker
        exclude = ["id", "activity", "narratives"]


@as_stored
class BudgetOut(ModelSchema):
    class Meta:
        model = Budget
        exclude = ["id", "activity"]


@as_stored
class TransactionOut(ModelSchema):
    description: list[Narrative]
    provider_names: list[Narrative]
    receiver_names: list[Narrative]

    class Meta:
        model = Transaction
        exclude = ["activity", "description", "provider_names", "receiver_names"]


@as_stored
class ValueOut(ModelSchema):
    dimensions: list[dict[str, Any]]

    class Meta:
        model = IndicatorValue
        exclude = ["id", "period", "dimensions"]


@as_stored
class PeriodOut(ModelSchema):
    values: list[ValueOut]

    class Meta:
        model = IndicatorPeriod
        exclude = ["id", "indicator"]


@as_stored
class BaselineOut(ModelSchema):
    dimensions: list[dict[str, Any]]

    class Meta:
        model = IndicatorBaseline
        exclude = ["id", "indicator", "dimensions"]


@as_stored
class IndicatorOut(ModelSchema):
    titles: list[Narrative]
    descriptions: list[Narrative]
    baselines: list[BaselineOut]
    periods: list[PeriodOut]

    class Meta:
        model = Indicator
        exclude = ["result", "titles", "descriptions"]


@as_stored
class ResultOut(ModelSchema):
    titles: list[Narrative]
    descriptions: list[Narrative]
    indicators: list[IndicatorOut]

    class Meta:
        model = Result
        exclude = ["activity", "titles", "descriptions"]


@as_stored
class DocumentOut(ModelSchema):
    url: str | None = Field(
        description="The address when it is a web or mail link (http, https, mailto); null "
        "otherwise (javascript:, data:, ...: never hand it to a browser as a link)"
    )
    url_as_given: str = Field(description="The address exactly as the file gave it")
    titles: list[Narrative]
    categories: list[str]
    languages: list[str]

    class Meta:
        model = DocumentLink
        exclude = ["id", "activity", "url", "titles", "categories", "languages"]

    @staticmethod
    def resolve_url(document: DocumentLink) -> str | None:
        return link_url(document.url)

    @staticmethod
    def resolve_url_as_given(document: DocumentLink) -> str:
        return document.url


@as_stored
class LocationOut(ModelSchema):
    names: list[Narrative]
    descriptions: list[Narrative]

    class Meta:
        model = Location
        exclude = ["id", "activity", "names", "descriptions"]


@as_stored
class NoteOut(ModelSchema):
    class Meta:
        model = DataNote
        exclude = ["id", "activity"]


@as_stored
class RelatedOut(ModelSchema):
    class Meta:
        model = RelatedActivity
        exclude = ["id", "activity"]


class ActivityDetail(ActivitySummary):
    description: str
    titles: list[Narrative]
    default_lang: str
    iati_version: str
    last_updated: str
    humanitarian: bool | None
    scope: str
    collaboration_type: str
    default_flow_type: str
    default_finance_type: str
    default_aid_types: list[Any]
    default_tied_status: str
    source_file: str
    source_note: str
    descriptions: list[DescriptionOut]
    dates: list[DateOut]
    participating_orgs: list[ParticipatingOrgOut]
    recipient_countries: list[CountryOut]
    recipient_regions: list[RegionOut]
    sectors: list[SectorOut]
    policy_markers: list[PolicyMarkerOut]
    budgets: list[BudgetOut]
    transactions: list[TransactionOut]
    results: list[ResultOut]
    document_links: list[DocumentOut]
    locations: list[LocationOut]
    related_activities: list[RelatedOut]
    notes: list[NoteOut] = Field(
        description="Data-quality notes: each part the file got wrong, where (line), what was "
        "wrong, what Parity did (dropped, kept as given, mapped) and the value as given"
    )


def activity_or_404(identifier: str) -> Activity:
    check_path_text(identifier, "activity")
    try:
        return selectors.activity_detail(identifier)
    except Activity.DoesNotExist:
        raise ApiError(
            f"No activity with the identifier {identifier!r}.", "identifier", 404
        ) from None


@router.get(
    "/activities", response={200: ActivityPage, codes_4xx: ErrorOut}, summary="List activities"
)
def list_activities(
    request: HttpRequest,
    filters: Query[ActivityFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    """Filter and search activities, ordered by IATI identifier. Unknown codes are a 422
    naming the field; an offset past the end is a 404."""
    if (
        filters.reporting_org
        and not Organisation.objects.filter(ref=filters.reporting_org).exists()
    ):
        raise ApiError(
            f"No reporting organisation with the identifier {filters.reporting_org!r}.",
            "reporting_org",
        )
    criteria = selectors.ActivityFilter(**filters.dict())
    return page_of(selectors.activity_list(criteria), limit, offset, "activities")


@router.get(
    "/activities/{path:identifier}",
    response={200: ActivityDetail, codes_4xx: ErrorOut},
    summary="One activity",
)
def get_activity(request: HttpRequest, identifier: str):
    """One activity with every part: dates, organisations, places, sectors, markers, budgets,
    transactions, results with indicators, documents, locations, related activities, and the
    data-quality notes of parts the file got wrong."""
    return activity_or_404(identifier)
