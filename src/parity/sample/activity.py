"""One sample activity, assembled from the parts modules.

Everything random comes from the RNG handed in, drawn in a fixed order, so an activity depends
only on (seed, index). Shared frozen parts (organisations, markers, texts) are built once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from random import Random

from parity.iati.model import (
    Activity,
    DocumentLink,
    Location,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    Sector,
)
from parity.sample import orgs, places, sectors
from parity.sample.amounts import CURRENCIES, PERCENT, split_percentages
from parity.sample.finance import make_budgets, make_transactions
from parity.sample.frozen import maker
from parity.sample.indicators import OUTCOME, OUTPUT
from parity.sample.places import Country, Region
from parity.sample.policy import gender_score, is_unbacked, policy_markers
from parity.sample.results import make_results
from parity.sample.sectors import SectorTheme
from parity.sample.texts import LANGUAGE_SETS, descriptions, titles
from parity.sample.timeline import Timeline, year_periods
from parity.sample.weighted import Weighted

# A01 general budget support, G01 administrative costs and H01 development awareness are not
# "bilateral allocable" aid, so the OECD gender statistics leave them out; they are kept rare.
AID_TYPES: Weighted[str] = Weighted(
    (
        ("C01", 55),
        ("D02", 10),
        ("B01", 6),
        ("B03", 5),
        ("D01", 5),
        ("A02", 4),
        ("B04", 3),
        ("E01", 3),
        ("A01", 2),
        ("G01", 4),
        ("H01", 3),
    )
)
_SECTOR_COUNTS: Weighted[int] = Weighted(((1, 45), (2, 30), (3, 15), (4, 10)))
_COUNTRY_COUNTS: Weighted[int] = Weighted(((1, 75), (2, 15), (3, 10)))
# 5 to 20, fewer more often (as in real portfolios): mean 10.
_TRANSACTION_COUNTS: Weighted[int] = Weighted((k, 21 - k) for k in range(5, 21))
_TIED: Weighted[str] = Weighted((("5", 85), ("3", 10), ("4", 5)))
_activity = maker(Activity)
_LOAN_GROUPS = frozenset({"infrastructure", "economy", "agriculture", "water"})


@dataclass(frozen=True)
class Context:
    """What is shared by every activity of one portfolio."""

    seed: int
    reporting_org: OrgRef
    start_year: int
    end_year: int
    as_of: date

    @classmethod
    def create(
        cls, seed: int, reporting_org_ref: str, start_year: int, end_year: int, as_of: date
    ) -> Context:
        return cls(seed, orgs.agency(reporting_org_ref), start_year, end_year, as_of)

    def rng(self, index: int) -> Random:
        # A string seed is hashed with SHA-512 by Random, stable across runs and platforms,
        # and never collides between (seed, index) pairs the way seed * K + index could.
        return Random(f"parity-sample:{self.seed}:{index}")


@dataclass(frozen=True)
class _Geography:
    countries: tuple[RecipientCountry, ...]
    regions: tuple[RecipientRegion, ...]
    name: str
    scope: str
    capital: Country | None  # the main country, for an optional location


def build_activity(
    ctx: Context,
    index: int,
    local_id: str,
    timeline: Timeline,
    rng: Random,
    total_usd: float,
    *,
    transaction_places: bool = True,
) -> Activity:
    """Activity ``index`` of the portfolio (the index decides which activities are flawed).

    ``transaction_places=False`` keeps sectors and countries at activity level, for a caller
    that replaces the transactions.
    """
    aid_type = AID_TYPES.pick(rng)
    gender = gender_score(rng, index)
    unbacked = is_unbacked(index)
    focused = gender in ("1", "2") and not unbacked
    themes = _themes(rng, aid_type, gender)
    main = themes[0]
    geography = _geography(rng, aid_type)
    languages = LANGUAGE_SETS.pick(rng)
    phase = 2 if rng.random() < 0.15 else 1
    currency = CURRENCIES.pick(rng)
    loan = aid_type == "C01" and main.group in _LOAN_GROUPS and rng.random() < 0.4
    partner = orgs.PARTNERS.pick(rng)
    participating = _participating(rng, ctx.reporting_org, partner)
    sector_rows = tuple(
        Sector(theme.code, "1", pct)
        for theme, pct in zip(themes, split_percentages(rng, len(themes)), strict=True)
    )
    # A few publishers report sector and country on each transaction instead (IATI allows one
    # or the other, never both); readers and analytics must handle it.
    per_transaction = transaction_places and bool(geography.countries) and rng.random() < 0.03
    places_per_transaction = None
    if per_transaction:
        places_per_transaction = (
            [s.code for s in sector_rows],
            [c.code for c in geography.countries],
        )
    transactions = make_transactions(
        rng,
        timeline,
        total_usd,
        currency,
        ctx.reporting_org,
        partner,
        places_per_transaction,
        _TRANSACTION_COUNTS.pick(rng),
    )
    results = make_results(
        rng,
        main.group,
        _gender_levels(rng, gender, unbacked),
        focused,
        disaggregate=not unbacked and rng.random() < (0.8 if focused else 0.3),
        periods=year_periods(timeline.start, timeline.end),
        as_of=ctx.as_of,
    )
    return _activity(
        identifier=f"{ctx.reporting_org.ref}-{local_id}",
        reporting_org=ctx.reporting_org,
        titles=titles(main, geography.name, languages, phase),
        descriptions=descriptions(main, geography.name, languages, gender),
        default_lang="en",
        iati_version="2.03",
        last_updated=f"{ctx.as_of - timedelta(days=rng.randint(0, 90))}T09:00:00Z",
        humanitarian=True if main.group == "humanitarian" else None,
        status=timeline.status,
        scope=geography.scope,
        dates=timeline.activity_dates(),
        participating_orgs=participating,
        recipient_countries=() if per_transaction else geography.countries,
        recipient_regions=geography.regions,
        sectors=() if per_transaction else sector_rows,
        policy_markers=policy_markers(rng, gender, main.code),
        collaboration_type="1",
        default_currency=currency,
        default_flow_type="10",
        default_finance_type="421" if loan else "110",
        default_aid_types=(aid_type,),
        default_tied_status=_TIED.pick(rng),
        budgets=make_budgets(rng, timeline, total_usd, currency),
        transactions=transactions,
        results=results,
        document_links=_documents(rng, local_id, timeline, gender in ("1", "2")),
        locations=_locations(rng, geography.capital),
    )


def _themes(rng: Random, aid_type: str, gender: str | None) -> list[SectorTheme]:
    if aid_type in sectors.NON_SECTOR:
        return [sectors.NON_SECTOR[aid_type]]
    # The gender sectors are chosen almost only for principal-marked activities, as in CRS data.
    gender_sector_odds = {"2": 0.7, "1": 0.05}.get(gender or "", 0.0)
    first = sectors.GENDER_SECTORS if rng.random() < gender_sector_odds else sectors.SECTORS
    chosen = [first.pick(rng)]
    for _ in range(_SECTOR_COUNTS.pick(rng) - 1):
        theme = sectors.SECTORS.pick(rng)
        if theme not in chosen:
            chosen.append(theme)
    return chosen


def _geography(rng: Random, aid_type: str) -> _Geography:
    if aid_type in ("G01", "H01"):
        return _region_only(places.UNSPECIFIED_REGION, scope="1")
    main = places.COUNTRIES.pick(rng)
    if aid_type != "A01" and rng.random() < 0.08:  # budget support always goes to one country
        return _region_only(places.REGIONS[main.area], scope="2")
    wanted = 1 if aid_type == "A01" else _COUNTRY_COUNTS.pick(rng)
    if wanted == 1:
        return _single_country(main)
    neighbours = [c for c in places.COUNTRIES_BY_AREA[main.area] if c is not main]
    wanted = min(wanted, len(neighbours) + 1)
    chosen = [main, *rng.sample(neighbours, wanted - 1)]
    return _Geography(
        countries=tuple(
            RecipientCountry(c.code, pct)
            for c, pct in zip(chosen, split_percentages(rng, wanted), strict=True)
        ),
        regions=(),
        name=" and ".join(c.name for c in chosen),
        scope="3",  # multi-national
        capital=main,
    )


@cache
def _single_country(country: Country) -> _Geography:
    return _Geography(
        (RecipientCountry(country.code, PERCENT[100]),), (), country.name, "4", country
    )


def _region_only(region: Region, scope: str) -> _Geography:
    return _Geography(
        (), (RecipientRegion(region.code, "1", PERCENT[100]),), region.name, scope, None
    )


def _participating(rng: Random, agency: OrgRef, partner: OrgRef) -> tuple[ParticipatingOrg, ...]:
    parties = [ParticipatingOrg(agency, "1")]
    if rng.random() < 0.5:
        parties.append(ParticipatingOrg(orgs.MINISTRY, "2"))
    parties += [ParticipatingOrg(agency, "3"), ParticipatingOrg(partner, "4")]
    if rng.random() < 0.3:
        second = orgs.PARTNERS.pick(rng)
        if second is not partner:
            parties.append(ParticipatingOrg(second, "4"))
    return tuple(parties)


def _gender_levels(rng: Random, gender: str | None, unbacked: bool) -> tuple[str, ...]:
    """Result types that get a gender-specific indicator: the DAC minimum criteria ask for
    one for score 1, and indicators at outcome and output level for score 2."""
    if unbacked or gender not in ("1", "2"):
        return ()
    if gender == "2":
        return (OUTCOME, OUTPUT)
    return (rng.choice((OUTPUT, OUTCOME)),)


def _documents(
    rng: Random, local_id: str, timeline: Timeline, gender_marked: bool
) -> tuple[DocumentLink, ...]:
    written = timeline.planned_start - timedelta(days=120)
    links = []
    if rng.random() < 0.4:
        links.append(_document(local_id, "project-document", "Project document", "A02", written))
    # Unbacked activities get one as often as the others: the missing part is the indicator.
    if gender_marked and rng.random() < 0.6:
        links.append(_document(local_id, "gender-analysis", "Gender analysis", "A01", written))
    return tuple(links)


def _document(local_id: str, slug: str, title: str, category: str, written: date) -> DocumentLink:
    return DocumentLink(
        # example.org is reserved for documentation (RFC 2606): the link can never hit a real site.
        url=f"https://example.org/parity-sample/{local_id}/{slug}.pdf",
        format="application/pdf",
        titles=(Narrative(f"{title} (sample data)"),),
        categories=(category,),
        languages=("en",),
        document_date=written,
    )


def _locations(rng: Random, country: Country | None) -> tuple[Location, ...]:
    if country is None or rng.random() >= 0.25:
        return ()
    return (_capital(country),)


@cache
def _capital(country: Country) -> Location:
    return Location(
        ref=f"{country.code}-CAPITAL",
        names=(Narrative(country.capital),),
        descriptions=(Narrative("Sample location: the capital city"),),
        latitude=country.latitude,
        longitude=country.longitude,
        exactness="1",
        location_reach="1",
        feature_designation="PPLC",
    )
