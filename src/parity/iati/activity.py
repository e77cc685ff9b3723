"""Turn one ``<iati-activity>`` element into an :class:`Activity` (or a rejection).

One pass over the activity's children, dispatching on the tag through a dict. Transactions may
be fed in earlier, one by one as the parser ends them (see reader.py), so that a single huge
activity never holds all its transaction elements in memory at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    XML_LANG,
    Element,
    Reject,
    Shared,
    attr,
    date_and_text,
    iso_date,
    narratives,
    org,
    percentage,
)
from parity.iati.model import (
    Activity,
    ActivityDate,
    Description,
    DocumentLink,
    Location,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RejectedActivity,
    RelatedActivity,
    Sector,
)
from parity.iati.normalise import parse_bool, parse_decimal
from parity.iati.results import result
from parity.iati.transactions import budget, transaction

_activity = constructor(Activity)
_activity_date = constructor(ActivityDate)
_description = constructor(Description)
_participating_org = constructor(ParticipatingOrg)
_recipient_country = constructor(RecipientCountry)
_sector = constructor(Sector)
_policy_marker = constructor(PolicyMarker)
_ROLES = frozenset(codelists.codes("OrganisationRole"))

_LIST_FIELDS = (
    "titles",
    "descriptions",
    "dates",
    "participating_orgs",
    "recipient_countries",
    "recipient_regions",
    "sectors",
    "policy_markers",
    "default_aid_types",
    "other_default_aid_types",
    "budgets",
    "transactions",
    "results",
    "document_links",
    "locations",
    "related_activities",
)


class ActivityBuilder:
    """Collects one activity's parts; ``finish`` returns the Activity or a RejectedActivity."""

    def __init__(self, el: Element, file: str, version: str, shared: Shared | None = None) -> None:
        self.element = el
        self.file = file
        self.shared = shared if shared is not None else Shared()
        self.default_currency = attr(el, "default-currency")
        self.fields: dict[str, Any] = {name: [] for name in _LIST_FIELDS}
        self.fields.update(
            identifier="",
            reporting_org=None,
            default_lang=el.get(XML_LANG, ""),
            iati_version=version,
            last_updated=attr(el, "last-updated-datetime"),
            humanitarian=parse_bool(el.get("humanitarian")),
            default_currency=self.default_currency,
            source_line=el.sourceline,
        )
        self.warnings: list[str] = []
        self.rejection: Reject | None = None

    def add_transaction(self, el: Element) -> None:
        if self.rejection is None:
            try:
                self.fields["transactions"].append(
                    transaction(el, self.default_currency, shared=self.shared)
                )
            except Reject as exc:
                self.rejection = exc

    def finish(self, el: Element) -> Activity | RejectedActivity:
        try:
            if self.rejection is not None:
                raise self.rejection
            children = _CHILDREN
            for child in el:
                reader = children.get(str(child.tag))
                if reader is not None:
                    reader(self, child)
            if not self.fields["identifier"]:
                raise Reject("iati-identifier", "activity has no iati-identifier", el.sourceline)
        except Reject as exc:
            identifier = self.fields["identifier"] or (el.findtext("iati-identifier") or "").strip()
            return RejectedActivity(
                self.file, exc.line or el.sourceline, identifier, exc.element, exc.reason
            )
        fields = self.fields
        for name in _LIST_FIELDS:
            fields[name] = tuple(fields[name])
        fields["reporting_org"] = fields["reporting_org"] or OrgRef()
        return _activity(**fields, warnings=tuple(self.warnings))

    # -- one method per child element -------------------------------------------------------

    def identifier(self, el: Element) -> None:
        self.fields["identifier"] = (el.text or "").strip()

    def reporting_org(self, el: Element) -> None:
        self.fields["reporting_org"] = org(el, shared=self.shared)

    def title(self, el: Element) -> None:
        self.fields["titles"].extend(narratives(el, self.shared))

    def description(self, el: Element) -> None:
        texts = narratives(el, self.shared)
        if not texts:
            return  # an empty placeholder (the writer emits one when the schema wants it)
        raw = attr(el, "type")
        kind = codelists.DESCRIPTION_TYPE_1X.get(raw.upper(), raw) or "1"
        self.fields["descriptions"].append(_description(type=kind, narratives=texts))

    def status(self, el: Element) -> None:
        text = (el.text or "").strip()
        self.fields["status"] = attr(el, "code") or codelists.ACTIVITY_STATUS_WORDS.get(
            text.upper(), ""
        )

    def activity_date(self, el: Element) -> None:
        raw = attr(el, "type")
        found, text = date_and_text(el, "activity-date")
        if len(el):  # 2.0x: a note on the date is a narrative (1.0x: the element's text)
            notes = [n for c in el.iterchildren("narrative") if (n := (c.text or "").strip())]
            text = " ".join(notes) if notes else text
        kind = codelists.ACTIVITY_DATE_TYPE_1X.get(raw.upper(), raw)
        self.fields["dates"].append(_activity_date(type=kind, iso_date=found, text=text))

    def participating_org(self, el: Element) -> None:
        raw = attr(el, "role")
        found = org(el, "activity-id", self.shared)
        if not (raw or found.ref or found.names):
            return  # an empty placeholder: no organisation, and no role to give it
        role = codelists.ORGANISATION_ROLE_1X.get(raw.upper(), raw)
        if role not in _ROLES:
            self.warnings.append(f"line {el.sourceline}: participating-org role {raw!r} unknown")
        self.fields["participating_orgs"].append(_participating_org(org=found, role=role))

    def recipient_country(self, el: Element) -> None:
        country = _recipient_country(
            code=attr(el, "code"), percentage=percentage(el, "recipient-country")
        )
        self.fields["recipient_countries"].append(country)

    def recipient_region(self, el: Element) -> None:
        region = RecipientRegion(
            attr(el, "code"), attr(el, "vocabulary") or "1", percentage(el, "recipient-region")
        )
        self.fields["recipient_regions"].append(region)

    def sector(self, el: Element) -> None:
        raw = attr(el, "vocabulary")
        vocabulary = codelists.SECTOR_VOCABULARY_1X.get(raw, raw) or "1"
        sector = _sector(
            code=attr(el, "code"),
            vocabulary=vocabulary,
            percentage=percentage(el, "sector"),
            narratives=narratives(el, self.shared),
        )
        self.fields["sectors"].append(sector)

    def policy_marker(self, el: Element) -> None:
        code, significance = attr(el, "code"), attr(el, "significance") or None
        raw = attr(el, "vocabulary")
        if not code:
            if significance is None and not raw:
                # 1.0x exports write <policy-marker code="" .../> as an empty placeholder.
                self.warnings.append(f"line {el.sourceline}: empty policy-marker skipped")
                return
            raise Reject("policy-marker/@code", "policy marker has no code", el.sourceline)
        vocabulary = codelists.POLICY_MARKER_VOCABULARY_1X.get(raw, raw) or "1"
        if vocabulary == "1" and code == "1" and significance in ("3", "4"):
            self.warnings.append(
                f"line {el.sourceline}: gender marker significance {significance} is only valid "
                "for other markers (3 desertification, 4 RMNCH); kept as given"
            )
        marker = _policy_marker(
            code=code,
            significance=significance,
            vocabulary=vocabulary,
            narratives=narratives(el, self.shared),
        )
        self.fields["policy_markers"].append(marker)

    def default_aid_type(self, el: Element) -> None:
        """DAC codes (vocabulary 1, the default) apart from the other vocabularies, so that an
        earmarking code given first never stands in for the DAC one."""
        vocabulary, code = attr(el, "vocabulary") or "1", attr(el, "code")
        if not code:
            return
        if vocabulary == "1":
            self.fields["default_aid_types"].append(code)
        else:
            self.fields["other_default_aid_types"].append((vocabulary, code))

    def budget(self, el: Element) -> None:
        self.fields["budgets"].append(budget(el, self.default_currency))

    def result(self, el: Element) -> None:
        self.fields["results"].append(result(el, self.warnings))

    def document_link(self, el: Element) -> None:
        titles: tuple[Narrative, ...] = ()
        categories, languages, when = [], [], None
        for child in el:
            tag = child.tag
            if tag == "title":
                titles = narratives(child)
            elif tag == "category":
                if code := attr(child, "code"):  # code="" is the writer's empty placeholder
                    categories.append(code)
            elif tag == "language":
                languages.append(attr(child, "code"))
            elif tag == "document-date":
                when = iso_date(child, "document-link/document-date")
        link = DocumentLink(
            attr(el, "url"), attr(el, "format"), titles, tuple(categories), tuple(languages), when
        )
        self.fields["document_links"].append(link)

    def location(self, el: Element) -> None:
        parts: dict[str, Any] = {"ref": attr(el, "ref")}
        for child in el:
            tag = child.tag
            if tag == "name":
                parts["names"] = narratives(child)
            elif tag == "description":
                parts["descriptions"] = narratives(child)
            elif tag == "point":
                parts.update(self._point(child.findtext("pos") or ""))
            elif tag == "coordinates":  # 1.0x
                parts.update(self._point(f"{attr(child, 'latitude')} {attr(child, 'longitude')}"))
            elif tag in ("exactness", "location-reach", "feature-designation"):
                parts[tag.replace("-", "_")] = attr(child, "code")
        self.fields["locations"].append(Location(**parts))

    def _point(self, pos: str) -> dict[str, Any]:
        try:
            latitude, longitude = (parse_decimal(part) for part in pos.split())
        except ValueError:
            self.warnings.append(f"location position {pos.strip()!r} unreadable; left out")
            return {}
        return {"latitude": latitude, "longitude": longitude}

    def related_activity(self, el: Element) -> None:
        related = RelatedActivity(attr(el, "ref"), attr(el, "type"))
        self.fields["related_activities"].append(related)


def _code(name: str) -> Callable[[ActivityBuilder, Element], None]:
    """A reader for elements that only carry a code attribute (e.g. default-flow-type)."""

    def read(builder: ActivityBuilder, el: Element) -> None:
        builder.fields[name] = attr(el, "code")

    return read


# Transactions are not here: the reader feeds each one in as soon as the parser ends it.
_CHILDREN = {
    "iati-identifier": ActivityBuilder.identifier,
    "reporting-org": ActivityBuilder.reporting_org,
    "title": ActivityBuilder.title,
    "description": ActivityBuilder.description,
    "activity-status": ActivityBuilder.status,
    "activity-date": ActivityBuilder.activity_date,
    "participating-org": ActivityBuilder.participating_org,
    "recipient-country": ActivityBuilder.recipient_country,
    "recipient-region": ActivityBuilder.recipient_region,
    "sector": ActivityBuilder.sector,
    "policy-marker": ActivityBuilder.policy_marker,
    "activity-scope": _code("scope"),
    "collaboration-type": _code("collaboration_type"),
    "default-flow-type": _code("default_flow_type"),
    "default-finance-type": _code("default_finance_type"),
    "default-tied-status": _code("default_tied_status"),
    "default-aid-type": ActivityBuilder.default_aid_type,
    "budget": ActivityBuilder.budget,
    "result": ActivityBuilder.result,
    "document-link": ActivityBuilder.document_link,
    "location": ActivityBuilder.location,
    "related-activity": ActivityBuilder.related_activity,
}
# The children an activity's reading looks at: the reader may free any other child as it goes.
READ_CHILDREN = frozenset({*_CHILDREN, "transaction"})
