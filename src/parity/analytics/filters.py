"""The dashboard's filters: a query string parsed and checked into ``Filters``.

``parse_filters(params) -> Filters`` reads a query string (a ``QueryDict`` or a plain mapping of
names to strings). It raises ``FilterError`` (``.field`` names the parameter, ``str()`` says
what is wrong) for an unknown parameter, a repeated one, a malformed value, or a value that does
not exist (an organisation, pillar, country, region, sector, aid or flow type, scheme,
deflator). Parameters: ``reporting_org`` (IATI organisation identifier), ``country`` (ISO
3166-1 alpha-2), ``region`` (IATI region code), ``sector`` (DAC 5-digit purpose code or 3-digit
category), ``area`` (slug of one of JICA's five priority areas), ``pillar``
(``framework-slug:pillar-slug``), ``scheme`` (marker scheme id), ``year_from``, ``year_to``,
``flow_type`` (IATI FlowType; default 10 = ODA, ``all`` for every flow type),
``provider_group`` (``dac`` = DAC members, ``multilateral``, ``other`` or ``all``; by default
DAC members when the figures hold any, else all; with a ``reporting_org``, its own group),
``aid_type`` (IATI AidType), ``basis`` (``commitments`` | ``disbursements``), ``prices``
(``current`` | ``constant``), ``base_year`` and ``deflator`` (constant prices), ``currency``
(must be the currency the figures were built in).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from parity.activities.models import Organisation
from parity.analytics.counting import ALL, FLOW_TYPES, ODA
from parity.analytics.lookups import (
    constant_base_years,
    default_provider_group,
    deflator_series,
    latest_build,
    org_provider_group,
    pillar_ids,
    priority_areas,
    schemes,
)
from parity.analytics.models import FigureBuild
from parity.iati import codelists
from parity.providers import DAC, GROUPS

PARAMETERS = (
    "reporting_org",
    "country",
    "region",
    "sector",
    "area",
    "pillar",
    "scheme",
    "year_from",
    "year_to",
    "flow_type",
    "provider_group",
    "aid_type",
    "basis",
    "prices",
    "base_year",
    "deflator",
    "currency",
)
_YEAR = re.compile(r"^\d{4}$")


class FilterError(ValueError):
    """A filter that cannot be applied; ``field`` names the query parameter."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


DEFLATORS_COMMAND = "parity import-deflators FILE.csv"
DEFLATORS_DOCS = "docs/pledges.md, section “Exchange-rate and deflator files”"


class MissingDeflatorsError(FilterError):
    """Constant prices asked for data that holds nothing to compute them with: no deflator
    series is stored and no CRS file gave constant amounts. Not a bad filter but missing data,
    so it says what to load (the dashboard shows it as a message, the API as its error)."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        super().__init__(
            "prices",
            f"constant prices need a deflator series for {currency}, and none is stored (nor "
            f"did any CRS file loaded give constant-price amounts). Load a deflator table, such "
            f"as the OECD's DAC deflators (a price index per year, base year = 100) as CSV with "
            f"the columns key ({currency} or a DAC donor code), year, index, base_year, currency "
            f"and source, with `{DEFLATORS_COMMAND}` ({DEFLATORS_DOCS}); or import CRS files "
            f"with constant-price amounts (the bulk files' USD_Commitment_Defl and "
            f"USD_Disbursement_Defl, the Data Explorer's amount_type constant).",
        )


@dataclass(frozen=True)
class Filters:
    reporting_org: str = ""
    country: str = ""
    region: str = ""
    sector: str = ""
    area: str = ""
    pillar: str = ""
    scheme: str = ""
    year_from: int | None = None
    year_to: int | None = None
    flow_type: str = ODA
    provider_group: str = DAC
    aid_type: str = ""
    basis: str = "commitments"
    prices: str = "current"
    base_year: int | None = None
    deflator: str = ""
    currency: str = ""

    def as_query(self) -> dict[str, str]:
        """The non-default filters as query parameters (links keep the user's view)."""
        default = Filters()
        return {
            key: str(value)
            for key, value in asdict(self).items()
            if value != getattr(default, key) and value is not None
        }

    @property
    def years(self) -> tuple[int, int] | None:
        if self.year_from is None or self.year_to is None:
            return None
        return (self.year_from, self.year_to)


def _one(params: Mapping[str, Any], name: str) -> str:
    if hasattr(params, "getlist"):
        values = params.getlist(name)  # type: ignore[union-attr]
        if len(values) > 1:
            raise FilterError(name, "give one value only.")
        value = values[0] if values else ""
    else:
        value = params.get(name, "")
    if not isinstance(value, str):
        raise FilterError(name, "must be text.")
    if len(value) > 200:
        raise FilterError(name, "is too long.")
    return value.strip()


def _year(name: str, value: str) -> int | None:
    if not value:
        return None
    if not _YEAR.match(value) or not 1900 <= int(value) <= 2100:
        raise FilterError(name, f"{value!r} is not a year between 1900 and 2100.")
    return int(value)


def _code(name: str, value: str, lists: tuple[str, ...], what: str) -> str:
    if value and not any(codelists.is_valid(lst, value) for lst in lists):
        raise FilterError(name, f"{value!r} is not {what}.")
    return value


def _constant_prices(
    given: str, base_year: int | None, build: FigureBuild | None
) -> tuple[str, int | None]:
    """The deflator series and base year of constant prices. The constant amounts CRS files
    state need no series: without one, only they are counted, in their own base years (the
    latest the files state by default; no base year when only files that do not state it, the
    bulk files, gave constant amounts)."""
    built = build.currency if build else "USD"
    series = deflator_series()
    file_years = set(constant_base_years(build))
    stated = {year for year in file_years if year is not None}
    if given and given not in series:
        raise FilterError("deflator", f"no deflators are stored for {given!r}.")
    deflator = given or (built if built in series else "")
    if not deflator and not file_years:
        raise MissingDeflatorsError(built)
    years: set[int] = set()
    if deflator:
        years, series_currency = series[deflator]
        if series_currency != built:
            raise FilterError(
                "deflator", f"{deflator} deflates {series_currency} amounts, not {built}."
            )
    if base_year is None and not years | stated:
        return deflator, None  # the files' constant amounts, base year not stated
    year = base_year or max(years | stated)
    if year not in years | stated:
        files = f" and no CRS file gives constant {year} prices" if file_years else ""
        raise FilterError(
            "base_year",
            f"{deflator or 'no deflator series'} has no deflator for {year}{files}; load one "
            f"with `{DEFLATORS_COMMAND}` ({DEFLATORS_DOCS}).",
        )
    return deflator, year


def parse_filters(
    params: Mapping[str, Any], build: FigureBuild | Literal["latest"] | None = "latest"
) -> Filters:
    """The filters in ``params``, checked; ``build`` is the figures' build the defaults come
    from, when the caller has already read it (the latest by default)."""
    unknown = sorted(set(params) - set(PARAMETERS))
    if unknown:
        raise FilterError(unknown[0], f"is not a filter (filters are: {', '.join(PARAMETERS)}).")
    raw = {name: _one(params, name) for name in PARAMETERS}
    org = raw["reporting_org"]
    if org and not Organisation.objects.filter(ref=org).exists():
        raise FilterError("reporting_org", f"no organisation {org!r} reports activities here.")
    country = _code("country", raw["country"].upper(), ("Country",), "an ISO 3166 country code")
    region = _code("region", raw["region"], ("Region",), "an IATI region code")
    if country and region:
        raise FilterError("region", "choose a country or a region, not both.")
    sector = _code(
        "sector", raw["sector"], ("Sector", "SectorCategory"), "a DAC 5-digit or 3-digit sector"
    )
    flow_type = raw["flow_type"] or ODA
    if flow_type != ALL:
        _code("flow_type", flow_type, ("FlowType",), "an IATI flow type code (or all)")
    group = raw["provider_group"]
    if group and group not in (*GROUPS, ALL):
        raise FilterError("provider_group", f"{group!r} is not one of {', '.join([*GROUPS, ALL])}.")
    if build == "latest":  # read once: every default below comes from it
        build = latest_build()
    if not group:
        group = (org_provider_group(org) or ALL) if org else default_provider_group(build)
    aid_type = _code("aid_type", raw["aid_type"].upper(), ("AidType",), "an IATI aid type code")
    area, pillar = raw["area"], raw["pillar"]
    if area and area not in priority_areas():
        known = ", ".join(priority_areas())
        raise FilterError("area", f"{area!r} is not a priority area (they are: {known}).")
    if pillar and pillar not in pillar_ids():
        raise FilterError("pillar", f"{pillar!r} is not a pillar (give framework:pillar).")
    scheme = raw["scheme"]
    if scheme and scheme not in schemes():
        raise FilterError("scheme", f"{scheme!r} is not a marker scheme ({', '.join(schemes())}).")
    year_from, year_to = _year("year_from", raw["year_from"]), _year("year_to", raw["year_to"])
    if year_from and year_to and year_to < year_from:
        raise FilterError("year_to", f"{year_to} is before year_from {year_from}.")
    basis = raw["basis"] or "commitments"
    if basis not in FLOW_TYPES:
        raise FilterError("basis", "must be commitments or disbursements.")
    prices = raw["prices"] or "current"
    if prices not in ("current", "constant"):
        raise FilterError("prices", "must be current or constant.")
    base_year = _year("base_year", raw["base_year"])
    currency = raw["currency"].upper()
    built = build.currency if build else "USD"
    if currency and currency != built:
        raise FilterError(
            "currency",
            f"the figures are built in {built}; rebuild them with "
            f"'parity refresh-figures --currency {currency}' to see {currency}.",
        )
    deflator = raw["deflator"]
    if prices == "constant":
        deflator, base_year = _constant_prices(deflator, base_year, build)
    elif deflator or base_year:
        raise FilterError("prices", "base_year and deflator apply to constant prices only.")
    return Filters(
        reporting_org=org,
        country=country,
        region=region,
        sector=sector,
        area=area,
        pillar=pillar,
        scheme=scheme,
        year_from=year_from,
        year_to=year_to,
        flow_type=flow_type,
        provider_group=group,
        aid_type=aid_type,
        basis=basis,
        prices=prices,
        base_year=base_year,
        deflator=deflator,
        currency=built,
    )
