"""The dashboard's figures (parity.analytics) as JSON, under the same filters as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import codes_4xx

from parity.analytics import definitions, selectors
from parity.analytics.filters import FilterError, Filters, MissingDeflatorsError, parse_filters
from parity.api.auth import read_auth
from parity.api.common import SafeText, check_path_text
from parity.api.errors import ApiError, ErrorOut


class FigureFilters(Schema):
    """Documented here for the OpenAPI document; parity.analytics parses and checks them."""

    reporting_org: SafeText = Field("", description="Reporting organisation's IATI identifier")
    country: SafeText = Field("", description="ISO 3166-1 alpha-2")
    region: SafeText = Field("", description="IATI region code (not with country)")
    sector: SafeText = Field("", description="DAC 5-digit purpose code or 3-digit category")
    area: SafeText = Field("", description="Slug of one of JICA's five priority areas")
    pillar: SafeText = Field("", description="framework-slug:pillar-slug")
    scheme: SafeText = Field("", description="Marker scheme id")
    year_from: SafeText = Field("", description="First year, e.g. 2016")
    year_to: SafeText = Field("", description="Last year")
    flow_type: SafeText = Field(
        "", description="IATI FlowType code; 10 (ODA) by default, all for every flow type"
    )
    provider_group: SafeText = Field(
        "",
        description="dac (DAC members), multilateral, other or all; by default DAC members "
        "when the figures hold any, else all; with reporting_org, that organisation's group",
    )
    aid_type: SafeText = Field("", description="IATI AidType code")
    basis: SafeText = Field("", description="commitments (default) or disbursements")
    prices: SafeText = Field("", description="current (default) or constant")
    base_year: SafeText = Field("", description="Constant prices: the base year")
    deflator: SafeText = Field("", description="Constant prices: the deflator series")
    currency: SafeText = Field("", description="The currency the figures were built in")


class ColumnOut(Schema):
    key: str
    label: str
    kind: str
    code: str = Field("", description='The code the column stands for (a purpose code), or ""')


class FigureOut(Schema):
    name: str
    title: str
    definition: str
    basis: dict[str, Any] | None
    columns: list[ColumnOut]
    rows: list[dict[str, Any]] = Field(
        description="Amounts: strings with two decimals; shares: strings with four (or null)"
    )
    unconverted: int
    no_current: int = Field(
        0, description="CRS rows left out at current prices: their file gives constant only"
    )
    notes: list[str]


class FiguresOut(Schema):
    basis: dict[str, Any]
    filters: dict[str, str]
    build: dict[str, Any] | None = Field(description="When the figures were last rebuilt")
    figures: dict[str, FigureOut]


def parsed(filters: FigureFilters) -> Filters:
    given = {name: value for name, value in filters.dict().items() if value}
    try:
        return parse_filters(given)
    except FilterError as error:
        # Constant prices without deflators: missing data (the message says what to load).
        status = 409 if isinstance(error, MissingDeflatorsError) else 422
        raise ApiError(str(error), error.field, status) from None


router = Router(tags=["figures"], auth=read_auth)


@router.get(
    "/figures", response={200: FiguresOut, codes_4xx: ErrorOut}, summary="Every dashboard figure"
)
def all_figures(request: HttpRequest, filters: Query[FigureFilters]):
    """Every figure of the dashboard under the filters, saying which basis each uses."""
    return selectors.figures(parsed(filters))


@router.get(
    "/figures/{name}",
    response={200: FigureOut, codes_4xx: ErrorOut},
    summary="One dashboard figure",
)
def one_figure(request: HttpRequest, name: str, filters: Query[FigureFilters]):
    check_path_text(name, "figure")
    if name not in definitions.FIGURES:
        known = ", ".join(definitions.FIGURES)
        raise ApiError(f"No figure {name!r} (figures: {known}).", "name", 404)
    return selectors.figures(parsed(filters), [name])["figures"][name]
