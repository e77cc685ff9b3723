"""Building the figures' fact table from the activities (service: ``facts_refresh``).

Each outgoing commitment (type 2), disbursement (3) and expenditure (4) with a date becomes one
``FigureRow``; other transaction types count in no figure and are not copied. The summary
table (``summary``: the fact rows grouped by every column a figure reads) is rebuilt from them,
then the summary without the place and sector sets, and the summary spread over those sets
(``prespread``).
All are replaced in one database transaction, so the dashboard reads either the old figures or the
new ones, never half of each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import connection, transaction
from django.utils import timezone

from parity.activities import bulk
from parity.activities.models import (
    CURRENT_PRICES,
    SOURCE_CRS,
    Activity,
    ActivitySector,
    Organisation,
    RecipientCountry,
    RecipientRegion,
    Transaction,
)
from parity.analytics import cache, selectors
from parity.analytics.counting import (
    ODA,
    effective_aid_type,
    effective_flow_type,
    flow_of,
    is_allocable,
    split,
    to_cents,
)
from parity.analytics.coverage import Coverage
from parity.analytics.filters import parse_filters
from parity.analytics.models import (
    COMMITMENT,
    DISBURSEMENT,
    PILLAR,
    PLACE,
    SECTOR,
    FigureBuild,
    FigureCache,
    FigureRow,
    FigureShare,
    FigureSpread,
    FigureSummary,
    FigureWideSummary,
)
from parity.analytics.prespread import build_spreads
from parity.analytics.sources import source_choice
from parity.analytics.summary import build_summary, build_wide_summary
from parity.commitments.models import PillarTag
from parity.commitments.rates import rate_table
from parity.mainstreaming.models import MarkerChange
from parity.money import Money, RateTable
from parity.providers import Provider, crs_provider, provider_of_org

DAC_SCHEME = "oecd-dac-gender"  # a marker read from an IATI file is the OECD-DAC marker
# Sector vocabularies holding DAC 5-digit purpose codes ("" = the file gave none: 1 by default).
DAC_SECTOR_VOCABULARIES = ("1", "")
BATCH = 20_000
_FLOW = {"commitments": COMMITMENT, "disbursements": DISBURSEMENT}


@dataclass(frozen=True)
class _Activity:
    org: int
    provider: str
    group: str
    source: str
    marker: int | None
    scheme: str
    aid_types: tuple[str, ...]
    flow_type: str
    currency: str
    place_set: int
    sector_set: int
    pillar_set: int


class _Sets:
    """Distinct allocations, numbered from 1 in the order met (0 = the empty allocation)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ids: dict[tuple[tuple[str, Fraction], ...], int] = {(): 0}

    def id_of(self, shares: dict[str, Fraction]) -> int:
        key = tuple(sorted(shares.items()))
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.ids)
        return found

    def rows(self) -> Iterable[dict]:
        for key, set_id in self.ids.items():
            for code, part in key:
                yield {
                    "kind": self.kind,
                    "set_id": set_id,
                    "code": code,
                    "numerator": part.numerator,
                    "denominator": part.denominator,
                }


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {}
    for activity_id, *rest in rows:
        found.setdefault(activity_id, []).append(tuple(rest))
    return found


def _schemes() -> dict[int, str]:
    """The scheme of each activity's latest approved marker change (mainstreaming reviews)."""
    latest: dict[int, str] = {}
    for activity_id, scheme in MarkerChange.objects.order_by("at", "id").values_list(
        "activity_id", "scheme"
    ):
        latest[activity_id] = scheme
    return latest


def _providers() -> dict[int, Provider]:
    """Each organisation's provider and group (``parity.providers``)."""
    return {
        pk: provider_of_org(ref, org_type)
        for pk, ref, org_type in Organisation.objects.values_list("id", "ref", "type")
    }


def _activities(places: _Sets, sectors: _Sets, pillars: _Sets) -> dict[int, _Activity]:
    countries = _grouped(RecipientCountry.objects.values_list("activity_id", "code", "percentage"))
    regions = _grouped(RecipientRegion.objects.values_list("activity_id", "code", "percentage"))
    dac = ActivitySector.objects.filter(vocabulary__in=DAC_SECTOR_VOCABULARIES)
    sector_parts = _grouped(dac.values_list("activity_id", "code", "percentage"))
    tags = _grouped(PillarTag.objects.values_list("activity_id", "pillar_id"))
    schemes = _schemes()
    providers = _providers()
    found = {}
    for (
        pk,
        org,
        marker,
        aid_types,
        flow_type,
        currency,
        source,
        crs_provider_code,
    ) in Activity.objects.values_list(
        "id",
        "reporting_org_id",
        "gender_marker",
        "default_aid_types",
        "default_flow_type",
        "default_currency",
        "source",
        "crs__provider_code",
    ).iterator(chunk_size=5000):
        # A CRS project names its provider by CRS code; an IATI activity by its reporting org.
        provider = crs_provider(str(crs_provider_code)) if crs_provider_code else providers[org]
        place = [(c, p) for c, p in countries.get(pk, [])]
        place += [(f"region:{c}", p) for c, p in regions.get(pk, [])]
        scheme = "" if marker is None else schemes.get(pk, DAC_SCHEME)
        found[pk] = _Activity(
            org=org,
            provider=provider.key,
            group=provider.group,
            source=source,
            marker=marker,
            scheme=scheme,
            aid_types=tuple(str(a) for a in aid_types or ()),
            flow_type=flow_type,
            currency=currency,
            place_set=places.id_of(split(place)),
            sector_set=sectors.id_of(split(sector_parts.get(pk, []))),
            pillar_set=pillars.id_of({str(p): Fraction(1) for (p,) in tags.get(pk, [])}),
        )
    return found


def _converter(table: RateTable, currency: str) -> Callable[[Decimal, str, object], int | None]:
    memo: dict[tuple[str, object], tuple[Decimal, Decimal] | None] = {}

    def convert(value: Decimal, source: str, on) -> int | None:
        if not source:
            return None
        if source == currency:
            return to_cents(value)
        key = (source, on)
        if key not in memo:
            result = table.convert(Money(Decimal(1), source), currency, on)
            legs = None
            if result.converted:
                from_row, to_row = table.rate(source, on), table.rate(currency, on)
                assert from_row is not None and to_row is not None
                legs = (to_row.units_per_usd, from_row.units_per_usd)
            memo[key] = legs
        legs = memo[key]
        if legs is None:
            return None
        # The same arithmetic as RateTable.convert (multiply, then divide), memoised per date.
        return to_cents(value * legs[0] / legs[1])

    return convert


def facts_refresh(
    currency: str = "USD", rates: RateTable | None = None, *, warm: bool = True
) -> FigureBuild:
    """Rebuild the fact table from every activity; returns the build's record.

    The figures' cache is emptied in the same transaction; then (``warm``) the unfiltered
    default view is computed and cached, so the first visitor after a build is not slow."""
    build = _rebuild(currency, rates)
    analyze()
    if warm:
        warm_cache()
    return build


def analyze() -> None:
    """Fresh planner statistics for the tables just replaced. Without them PostgreSQL takes an
    allocation-set filter for one row and joins thousands of sets in nested loops: 9 s instead
    of 40 ms for a country's dedicated-purpose figure at a million transactions.

    On PostgreSQL, outside a transaction, the tables are vacuumed as well: the rebuild deletes
    every row and writes them again, and until autovacuum comes by, every query also reads the
    dead rows. After a second refresh of a million CRS rows plus the benchmark portfolio, each
    of these tables held as many dead rows as live ones and the dashboard's database time
    doubled (docs/performance.md). Inside a transaction (VACUUM cannot run there) the
    statistics alone are taken."""
    quote = connection.ops.quote_name
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    models = (FigureRow, FigureShare, FigureSummary, FigureWideSummary, FigureSpread, FigureCache)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {quote(model._meta.db_table)}")


def warm_cache() -> None:
    """Compute and cache every figure of the unfiltered default view."""
    selectors.figure_tables(parse_filters({}))


@transaction.atomic
def _rebuild(currency: str, rates: RateTable | None) -> FigureBuild:
    cache.clear()
    started = time.perf_counter()
    places, sectors, pillars = _Sets(PLACE), _Sets(SECTOR), _Sets(PILLAR)
    activities = _activities(places, sectors, pillars)
    convert = _converter(rates if rates is not None else rate_table(), currency)
    FigureRow.objects.all().delete()
    FigureShare.objects.all().delete()
    written = unconverted = undated = 0
    constant_years: set[int | None] = set()  # None: a file that does not state its base year
    coverage = Coverage()
    groups: set[str] = set()  # the provider groups of the rows counted
    batch: list[dict] = []
    rows = (
        Transaction.objects.filter(type__in=["2", "3", "4"])
        .order_by()
        .values_list(
            "id",
            "activity_id",
            "type",
            "date",
            "value",
            "currency",
            "value_date",
            "aid_type",
            "flow_type",
            "recipient_country",
            "recipient_region",
            "sector_code",
            "sector_vocabulary",
            "gender_marker",
            "value_prices",
            "value_constant",
            "constant_base_year",
        )
    )
    choice = source_choice({pk: (a.provider, a.source) for pk, a in activities.items()})
    own_sets: dict[tuple[str, str], int] = {}

    def own(sets: _Sets, code: str) -> int:
        key = (sets.kind, code)
        if key not in own_sets:
            own_sets[key] = sets.id_of({code: Fraction(1)})
        return own_sets[key]

    for (
        pk,
        activity_id,
        type_code,
        day,
        value,
        tx_currency,
        value_date,
        aid_type,
        flow_type,
        country,
        region,
        sector,
        sector_vocabulary,
        row_marker,
        prices,
        value_constant,
        base_year,
    ) in rows.iterator(chunk_size=BATCH):
        if day is None:
            undated += 1
            continue
        activity = activities[activity_id]
        amount = None
        # A CRS row given at constant prices only has no current amount: left out at current
        # prices for that reason, not counted as wanting an exchange rate.
        if prices == CURRENT_PRICES:
            amount = convert(value, tx_currency or activity.currency, value_date or day)
            unconverted += amount is None
        kept = choice.keeps(activity.provider, day.year, activity.source)
        flow = flow_of(type_code) or ""  # only types 2, 3 and 4 are read
        choice.count(activity.provider, activity.group, day.year, activity.source, kept)
        # A CRS row carries the marker of its year; an IATI transaction its activity's.
        marker = row_marker if activity.source == SOURCE_CRS else activity.marker
        # CRS constant amounts are US dollars: kept only when the figures are too. The bulk
        # files do not state their base year (None).
        constant = None
        if value_constant is not None and currency == "USD":
            constant = to_cents(value_constant)
            constant_years.add(base_year)
        effective_flow = effective_flow_type(flow_type, activity.flow_type)
        if kept:
            groups.add(activity.group)
            oda = effective_flow == ODA
            if amount is not None:
                coverage.add(activity.source, activity.group, flow, "current", oda, day.year)
            if constant is not None:
                held = f"constant:{base_year or ''}"
                coverage.add(activity.source, activity.group, flow, held, oda, day.year)
        aid = effective_aid_type(aid_type, activity.aid_types)
        place_set = activity.place_set
        if country:
            place_set = own(places, country)
        elif region:
            place_set = own(places, f"region:{region}")
        sector_set = activity.sector_set
        if sector and sector_vocabulary in DAC_SECTOR_VOCABULARIES:
            sector_set = own(sectors, sector)
        batch.append(
            {
                "transaction_id": pk,
                "activity_id": activity_id,
                "reporting_org_id": activity.org,
                "flow": _FLOW[flow],
                "year": day.year,
                "marker": marker,
                "scheme": activity.scheme if marker is not None else "",
                "aid_type": aid,
                "allocable": is_allocable(aid),
                "flow_type": effective_flow,
                "provider": activity.provider[:200],
                "provider_group": activity.group,
                "source": activity.source,
                "superseded": not kept,
                "amount": amount,
                "amount_constant": constant,
                "constant_base_year": base_year if constant is not None else None,
                "place_set": place_set,
                "sector_set": sector_set,
                "pillar_set": activity.pillar_set,
            }
        )
        if len(batch) >= BATCH:
            written += bulk.insert_rows(FigureRow, batch)
            batch = []
    written += bulk.insert_rows(FigureRow, batch)
    for sets in (places, sectors, pillars):
        bulk.insert_rows(FigureShare, sets.rows())
    summary_rows = build_summary()
    wide_rows = build_wide_summary()
    spread_rows = build_spreads()
    FigureBuild.objects.all().delete()
    return FigureBuild.objects.create(
        built_at=timezone.now(),
        currency=currency,
        transactions=written,
        unconverted=unconverted,
        undated=undated,
        activities=len(activities),
        seconds=time.perf_counter() - started,
        sources=choice.summary(),
        constant_base_years=sorted(constant_years, key=lambda year: year or 0),
        coverage=coverage.as_json(),
        provider_groups=sorted(groups),
        summary_rows=summary_rows,
        spread_rows=spread_rows,
        wide_rows=wide_rows,
    )
