"""Frozen dataclasses for one IATI activity, version-independent (upgraded to 2.03 codes).

Readers yield these; loaders, writers, generators and rules consume them. Nothing here knows
about XML elements or the database. Money values are Decimals; dates are ``datetime.date``.
Codes are kept as strings exactly as IATI 2.03 spells them (e.g. transaction type "3").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Narrative:
    """One language version of a text; ``lang`` is "" when the file does not say."""

    text: str
    lang: str = ""


@dataclass(frozen=True)
class OrgRef:
    """An organisation as referenced in an activity (reporting, participating, provider...)."""

    ref: str = ""
    type: str = ""
    names: tuple[Narrative, ...] = ()
    activity_id: str = ""  # provider-activity-id / receiver-activity-id / participating activity-id


@dataclass(frozen=True)
class ParticipatingOrg:
    org: OrgRef
    role: str  # OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing


@dataclass(frozen=True)
class ActivityDate:
    type: str  # ActivityDateType 2.03: 1 planned start, 2 actual start, 3 planned end, 4 actual end
    iso_date: date | None
    text: str = ""  # original text when no ISO date was given


@dataclass(frozen=True)
class RecipientCountry:
    code: str
    percentage: Decimal | None = None


@dataclass(frozen=True)
class RecipientRegion:
    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None


@dataclass(frozen=True)
class Sector:
    code: str
    vocabulary: str = "1"  # 1 = OECD DAC 5-digit purpose code (default when absent)
    percentage: Decimal | None = None
    narratives: tuple[Narrative, ...] = ()


@dataclass(frozen=True)
class PolicyMarker:
    code: str  # PolicyMarker: 1 = gender equality
    significance: str | None  # None = not given; never conflated with "0"
    vocabulary: str = "1"  # absent = 1 (OECD DAC CRS)
    narratives: tuple[Narrative, ...] = ()


@dataclass(frozen=True)
class Budget:
    period_start: date | None
    period_end: date | None
    value: Decimal
    currency: str  # resolved: own currency, else the activity default ("" if neither)
    value_date: date | None
    type: str = "1"  # 1 original, 2 revised
    status: str = "1"  # 1 indicative, 2 committed


@dataclass(frozen=True)
class Transaction:
    type: str  # TransactionType 2.03 numeric code (1.0x letters upgraded)
    date: date | None
    value: Decimal
    currency: str  # resolved: own currency, else the activity default ("" if neither)
    value_date: datetime.date | None  # the field "date" hides the type below it
    ref: str = ""
    description: tuple[Narrative, ...] = ()
    provider: OrgRef | None = None
    receiver: OrgRef | None = None
    sector_code: str = ""
    sector_vocabulary: str = ""
    recipient_country: str = ""
    recipient_region: str = ""
    flow_type: str = ""
    finance_type: str = ""
    aid_type: str = ""  # the DAC aid type (vocabulary 1), whatever order the file gives
    tied_status: str = ""
    disbursement_channel: str = ""
    date_text: str = ""  # transaction-date text as given (1.0x "2010" has no exact date)
    # Aid types in other vocabularies (2.03: 2 earmarking, 3 earmarking modality, 4 cash and
    # voucher), as (vocabulary, code), kept beside the DAC one rather than in its place.
    other_aid_types: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Dimension:
    """A result dimension (2.02+). ``norm_name``/``norm_value`` are normalised
    (e.g. name "sex", value "female"); the original text is kept beside them."""

    name: str
    value: str
    norm_name: str
    norm_value: str


@dataclass(frozen=True)
class PeriodValue:
    """A target or actual in an indicator period."""

    value: Decimal | None
    dimensions: tuple[Dimension, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class IndicatorPeriod:
    start: date | None
    end: date | None
    targets: tuple[PeriodValue, ...] = ()
    actuals: tuple[PeriodValue, ...] = ()


@dataclass(frozen=True)
class Baseline:
    year: int | None
    iso_date: date | None
    value: Decimal | None
    dimensions: tuple[Dimension, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class Indicator:
    measure: str  # IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    ascending: bool | None = None
    baselines: tuple[Baseline, ...] = ()
    aggregation_status: bool | None = (
        None  # 2.03 indicator/@aggregation-status; False: never add up
    )
    periods: tuple[IndicatorPeriod, ...] = ()


@dataclass(frozen=True)
class Result:
    type: str  # ResultType: 1 output, 2 outcome, 3 impact, 9 other
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    aggregation_status: bool | None = None
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class DocumentLink:
    url: str
    format: str = ""
    titles: tuple[Narrative, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    document_date: date | None = None


@dataclass(frozen=True)
class Location:
    ref: str = ""
    names: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    exactness: str = ""
    location_reach: str = ""
    feature_designation: str = ""


@dataclass(frozen=True)
class RelatedActivity:
    ref: str
    type: str  # RelatedActivityType: 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party


@dataclass(frozen=True)
class Description:
    type: str  # DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other
    narratives: tuple[Narrative, ...] = ()


@dataclass(frozen=True, slots=True)
class DataNote:
    """A problem in one part of an activity that the reader kept the activity through.

    ``action`` says what Parity did with the part: "dropped", "kept as given" or "mapped".
    """

    part: str  # the element, e.g. "recipient-country", "transaction", "sector"
    line: int | None  # source line of the offending element, when known
    problem: str  # plain English, naming the value: "percentage 125 is above 100"
    action: str  # "dropped" | "kept as given" | "mapped"
    value: str = ""  # the raw value as given (untruncated), when there is one


@dataclass(frozen=True)
class Activity:
    identifier: str
    reporting_org: OrgRef
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Description, ...] = ()
    default_lang: str = ""
    iati_version: str = ""  # the version the file declared ("" when none)
    last_updated: str = ""  # @last-updated-datetime as given
    humanitarian: bool | None = None
    status: str = ""  # ActivityStatus 1-6
    scope: str = ""
    dates: tuple[ActivityDate, ...] = ()
    participating_orgs: tuple[ParticipatingOrg, ...] = ()
    recipient_countries: tuple[RecipientCountry, ...] = ()
    recipient_regions: tuple[RecipientRegion, ...] = ()
    sectors: tuple[Sector, ...] = ()
    policy_markers: tuple[PolicyMarker, ...] = ()
    collaboration_type: str = ""
    default_currency: str = ""
    default_flow_type: str = ""
    default_finance_type: str = ""
    default_aid_types: tuple[str, ...] = ()  # AidType codes, vocabulary 1
    other_default_aid_types: tuple[tuple[str, str], ...] = ()  # (vocabulary, code), not DAC
    default_tied_status: str = ""
    budgets: tuple[Budget, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    results: tuple[Result, ...] = ()
    document_links: tuple[DocumentLink, ...] = ()
    locations: tuple[Location, ...] = ()
    related_activities: tuple[RelatedActivity, ...] = ()
    # The line in the file, for messages.
    source_line: int | None = field(default=None, compare=False, repr=False)
    # Problems kept but flagged (e.g. significance 3 on the gender marker), as readable messages.
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # Parts that were dropped, kept as given or mapped, one note each (see DataNote). Not
    # compared: a file written back holds the repaired activity, without the bad parts.
    notes: tuple[DataNote, ...] = field(default=(), compare=False)

    def gender_marker(self) -> PolicyMarker | None:
        """The OECD-DAC gender equality marker (vocabulary 1, code 1), if the activity has one."""
        for marker in self.policy_markers:
            if marker.vocabulary == "1" and marker.code == "1":
                return marker
        return None


@dataclass(frozen=True)
class RejectedActivity:
    """An activity the reader refused; the rest of the file goes on being read."""

    file: str
    line: int | None
    identifier: str
    element: str  # e.g. "transaction/transaction-type"
    reason: str

    def message(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        identifier = self.identifier or "(no identifier)"
        return f"{where}: activity {identifier}: {self.element}: {self.reason}"
