"""Keep only codes that are in their IATI 2.03 codelist, before an Activity is written.

The database keeps what a file said: a 1.0x word with no 2.0x code, a typo ("CO1"), a region
code given as a country. A schema-valid export must not pass such a value off as a code, so:

- an optional code, or a required attribute, is left empty (the writer then leaves the
  attribute out, or writes its empty placeholder);
- a code that is the whole point of its element (a country, a sector, a related activity's
  type, a document category), or a vocabulary that tells how the code is read, takes its element
  with it: a sector without its vocabulary would be read as an OECD DAC code;
- a narrative's unknown ``xml:lang`` is left out, the text kept.

Each change is one note, which the writer puts in the activity's comment. Which list governs
which place follows the official 2.03 mapping (shared/iati/codelists/2.03/mapping.xml).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from parity.iati.codelists import is_valid
from parity.iati.model import (
    Activity,
    ActivityDate,
    Budget,
    Description,
    DocumentLink,
    Indicator,
    Location,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Sector,
    Transaction,
)

T = TypeVar("T")
# The lists a sector code is read from, by SectorVocabulary (others are the publisher's own).
_SECTOR_LISTS = {"1": "Sector", "2": "SectorCategory"}


class _Check:
    """The notes of one activity, and the checks that add to them."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes

    def code(self, value: str, list_name: str, where: str) -> str:
        """``value`` when listed (or empty), else "" with a note."""
        if not value or is_valid(list_name, value):
            return value
        self.notes.append(f"{where} {value!r} is not in the {list_name} codelist; left out")
        return ""

    def keep(self, items: tuple[T, ...], listed: Callable[[T], str], where: str) -> tuple[T, ...]:
        """The items whose check gives no reason to drop them; a note for each dropped one."""
        kept = []
        for item in items:
            reason = listed(item)
            if reason:
                self.notes.append(f"{where}: {reason}; the element is left out")
            else:
                kept.append(item)
        return items if len(kept) == len(items) else tuple(kept)

    def narratives(self, narratives: tuple[Narrative, ...], where: str) -> tuple[Narrative, ...]:
        if all(not n.lang or is_valid("Language", n.lang) for n in narratives):
            return narratives
        return tuple(
            replace(n, lang=self.code(n.lang, "Language", f"{where} xml:lang")) for n in narratives
        )

    def org(self, org: OrgRef, where: str) -> OrgRef:
        kind = self.code(org.type, "OrganisationType", f"{where} type")
        names = self.narratives(org.names, where)
        if kind == org.type and names is org.names:
            return org
        return replace(org, type=kind, names=names)


def keep_listed_codes(activity: Activity, notes: list[str]) -> Activity:
    """``activity`` with every code outside its 2.03 codelist left out, a note for each."""
    check = _Check(notes)
    code = check.code
    return replace(
        activity,
        default_lang=code(activity.default_lang, "Language", "xml:lang"),
        default_currency=code(activity.default_currency, "Currency", "default-currency"),
        reporting_org=check.org(activity.reporting_org, "reporting-org"),
        titles=check.narratives(activity.titles, "title"),
        descriptions=tuple(_description(check, d) for d in activity.descriptions),
        participating_orgs=tuple(_participant(check, p) for p in activity.participating_orgs),
        status=code(activity.status, "ActivityStatus", "activity-status"),
        dates=check.keep(activity.dates, _date_type, "activity-date"),
        scope=code(activity.scope, "ActivityScope", "activity-scope"),
        recipient_countries=check.keep(activity.recipient_countries, _country, "recipient-country"),
        recipient_regions=check.keep(activity.recipient_regions, _region, "recipient-region"),
        locations=tuple(_location(check, loc) for loc in activity.locations),
        sectors=tuple(
            replace(s, narratives=check.narratives(s.narratives, "sector"))
            for s in check.keep(activity.sectors, _sector, "sector")
        ),
        policy_markers=tuple(
            _marker(check, m)
            for m in check.keep(activity.policy_markers, _marker_code, "policy-marker")
        ),
        collaboration_type=code(
            activity.collaboration_type, "CollaborationType", "collaboration-type"
        ),
        default_flow_type=code(activity.default_flow_type, "FlowType", "default-flow-type"),
        default_finance_type=code(
            activity.default_finance_type, "FinanceType", "default-finance-type"
        ),
        default_aid_types=check.keep(activity.default_aid_types, _aid_type, "default-aid-type"),
        other_default_aid_types=check.keep(
            activity.other_default_aid_types, _other_aid_type, "default-aid-type"
        ),
        default_tied_status=code(activity.default_tied_status, "TiedStatus", "default-tied-status"),
        budgets=tuple(_budget(check, b) for b in activity.budgets),
        transactions=tuple(_transaction(check, t) for t in activity.transactions),
        document_links=tuple(_document(check, d) for d in activity.document_links),
        related_activities=check.keep(
            activity.related_activities, _related_type, "related-activity"
        ),
        results=tuple(_result(check, r) for r in activity.results),
    )


def _unlisted(value: str, list_name: str) -> str:
    """Why ``value`` cannot stand as a code of ``list_name`` ("" when it can)."""
    if is_valid(list_name, value):
        return ""
    return f"{value!r} is not in the {list_name} codelist" if value else f"no {list_name} code"


def _date_type(activity_date: ActivityDate) -> str:
    return _unlisted(activity_date.type, "ActivityDateType")


def _country(country: RecipientCountry) -> str:
    return _unlisted(country.code, "Country")


def _region(region: RecipientRegion) -> str:
    vocabulary = _unlisted(region.vocabulary, "RegionVocabulary")
    if vocabulary or region.vocabulary != "1":
        return vocabulary
    return _unlisted(region.code, "Region")


def _sector(sector: Sector) -> str:
    vocabulary = _unlisted(sector.vocabulary, "SectorVocabulary")
    if vocabulary or sector.vocabulary not in _SECTOR_LISTS:
        return vocabulary
    return _unlisted(sector.code, _SECTOR_LISTS[sector.vocabulary])


def _marker_code(marker: PolicyMarker) -> str:
    vocabulary = _unlisted(marker.vocabulary, "PolicyMarkerVocabulary")
    if vocabulary or marker.vocabulary != "1":
        return vocabulary
    return _unlisted(marker.code, "PolicyMarker")


def _related_type(related: RelatedActivity) -> str:
    return _unlisted(related.type, "RelatedActivityType")


def _aid_type(code: str) -> str:
    return _unlisted(code, "AidType")


def _other_aid_type(pair: tuple[str, str]) -> str:
    """An aid type of another vocabulary (vocabulary, code): its vocabulary must be listed
    (the codes of vocabularies 2-4 have no list in the 2.03 codelists)."""
    return _unlisted(pair[0], "AidTypeVocabulary")


def _marker(check: _Check, marker: PolicyMarker) -> PolicyMarker:
    significance = marker.significance
    if significance is not None and not is_valid("PolicySignificance", significance):
        check.code(significance, "PolicySignificance", "policy-marker significance")
        significance = None
    return replace(
        marker,
        significance=significance,
        narratives=check.narratives(marker.narratives, "policy-marker"),
    )


def _description(check: _Check, description: Description) -> Description:
    return replace(
        description,
        type=check.code(description.type, "DescriptionType", "description type"),
        narratives=check.narratives(description.narratives, "description"),
    )


def _participant(check: _Check, participant: ParticipatingOrg) -> ParticipatingOrg:
    return replace(
        participant,
        org=check.org(participant.org, "participating-org"),
        role=check.code(participant.role, "OrganisationRole", "participating-org role"),
    )


def _location(check: _Check, location: Location) -> Location:
    return replace(
        location,
        names=check.narratives(location.names, "location name"),
        descriptions=check.narratives(location.descriptions, "location description"),
        exactness=check.code(location.exactness, "GeographicExactness", "location exactness"),
        location_reach=check.code(
            location.location_reach, "GeographicLocationReach", "location-reach"
        ),
        feature_designation=check.code(
            location.feature_designation, "LocationType", "feature-designation"
        ),
    )


def _budget(check: _Check, budget: Budget) -> Budget:
    kind = check.code(budget.type, "BudgetType", "budget type")
    status = check.code(budget.status, "BudgetStatus", "budget status")
    currency = check.code(budget.currency, "Currency", "budget currency")
    if (kind, status, currency) == (budget.type, budget.status, budget.currency):
        return budget
    return replace(budget, type=kind, status=status, currency=currency)


_TRANSACTION_CODES = (
    ("currency", "Currency", "transaction currency"),
    ("recipient_country", "Country", "transaction recipient-country"),
    ("recipient_region", "Region", "transaction recipient-region"),
    ("flow_type", "FlowType", "transaction flow-type"),
    ("finance_type", "FinanceType", "transaction finance-type"),
    ("aid_type", "AidType", "transaction aid-type"),
    ("tied_status", "TiedStatus", "transaction tied-status"),
    ("disbursement_channel", "DisbursementChannel", "transaction disbursement-channel"),
)


def _transaction(check: _Check, transaction: Transaction) -> Transaction:
    changes: dict[str, Any] = {}
    for name, list_name, where in _TRANSACTION_CODES:
        value = getattr(transaction, name)
        if value and not is_valid(list_name, value):
            changes[name] = check.code(value, list_name, where)
    if transaction.sector_code:
        vocabulary = transaction.sector_vocabulary or "1"
        reason = _sector(Sector(transaction.sector_code, vocabulary))
        if reason:
            check.notes.append(f"transaction sector: {reason}; the element is left out")
            changes.update(sector_code="", sector_vocabulary="")
    for name in ("provider", "receiver"):
        org = getattr(transaction, name)
        if org is not None and (checked := check.org(org, f"{name}-org")) is not org:
            changes[name] = checked
    other_aid_types = check.keep(
        transaction.other_aid_types, _other_aid_type, "transaction aid-type"
    )
    if other_aid_types is not transaction.other_aid_types:
        changes["other_aid_types"] = other_aid_types
    description = check.narratives(transaction.description, "transaction description")
    if description is not transaction.description:
        changes["description"] = description
    return replace(transaction, **changes) if changes else transaction


def _document(check: _Check, link: DocumentLink) -> DocumentLink:
    return replace(
        link,
        format=check.code(link.format, "FileFormat", "document-link format"),
        titles=check.narratives(link.titles, "document-link title"),
        categories=_listed(check, link.categories, "DocumentCategory", "document-link category"),
        languages=_listed(check, link.languages, "Language", "document-link language"),
    )


def _listed(check: _Check, codes: Iterable[str], list_name: str, where: str) -> tuple[str, ...]:
    return tuple(code for code in codes if not code or check.code(code, list_name, where))


def _result(check: _Check, result: Result) -> Result:
    return replace(
        result,
        type=check.code(result.type, "ResultType", "result type"),
        titles=check.narratives(result.titles, "result title"),
        descriptions=check.narratives(result.descriptions, "result description"),
        indicators=tuple(_indicator(check, i) for i in result.indicators),
    )


def _indicator(check: _Check, indicator: Indicator) -> Indicator:
    return replace(
        indicator,
        measure=check.code(indicator.measure, "IndicatorMeasure", "indicator measure"),
        titles=check.narratives(indicator.titles, "indicator title"),
        descriptions=check.narratives(indicator.descriptions, "indicator description"),
    )
