"""Turn one ``<iati-activity>`` element into an :class:`Activity` (or a rejection).

One pass over the activity's children, dispatching on the tag through a dict. Transactions may
be fed in earlier, those the parser has finished at the end of each chunk of input (see
reader.py), so that a single huge activity never holds all its transaction elements at once.

Only an activity without an iati-identifier is rejected. A part that cannot be read (a
transaction without a type, a percentage of 125, a code outside its list) is dropped, mapped
or kept as given, and a :class:`DataNote` on the activity says which (docs/iati.md
"Data-quality notes").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    DROPPED,
    KEPT,
    MAPPED,
    XML_LANG,
    Element,
    Notes,
    Reject,
    Shared,
    add_once,
    attr,
    date_and_text,
    iso_date,
    narratives,
    note,
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
_DATE_TYPES = frozenset(codelists.codes("ActivityDateType"))
_STATUSES = frozenset(codelists.codes("ActivityStatus"))
_RELATED_TYPES = frozenset(codelists.codes("RelatedActivityType"))
_SIGNIFICANCES = frozenset(codelists.codes("PolicySignificance"))
_RELATED_TYPE_NAMES = {
    codelists.name("RelatedActivityType", code).lower(): code for code in _RELATED_TYPES
}
_DESCRIPTION_TYPES = frozenset(codelists.codes("DescriptionType"))
_COUNTRIES = frozenset(codelists.codes("Country"))
_SECTOR_VOCABULARIES = frozenset(codelists.codes("SectorVocabulary"))

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
        self.notes = Notes()

    def add_transaction(self, el: Element) -> None:
        try:
            self.fields["transactions"].append(
                transaction(el, self.default_currency, self.notes, shared=self.shared)
            )
        except Reject as exc:  # the transaction is dropped; the activity is kept
            self.notes.append(exc.note())

    def finish(self, el: Element) -> Activity | RejectedActivity:
        children = _CHILDREN
        for child in el[:]:  # a list of the children: cheaper than lxml's iterator
            reader = children.get(child.tag)  # type: ignore[arg-type]
            if reader is not None:
                try:
                    reader(self, child)
                except Reject as exc:  # that one part is dropped
                    self.notes.append(exc.note())
        fields = self.fields
        if not fields["identifier"]:
            reason = "activity has no iati-identifier"
            return RejectedActivity(self.file, el.sourceline, "", "iati-identifier", reason)
        for name in _LIST_FIELDS:
            fields[name] = tuple(fields[name])
        fields["reporting_org"] = fields["reporting_org"] or OrgRef()
        notes = self.notes
        if notes:  # in file order (transactions were read before the rest)
            notes.sort(key=lambda found: found.line or 0)
        return _activity(**fields, warnings=tuple(self.warnings), notes=tuple(notes))

    # -- one method per child element -------------------------------------------------------

    def identifier(self, el: Element) -> None:
        self.fields["identifier"] = (el.text or "").strip()

    def reporting_org(self, el: Element) -> None:
        self.fields["reporting_org"] = org(el, shared=self.shared, notes=self.notes)

    def title(self, el: Element) -> None:
        self.fields["titles"].extend(narratives(el, self.shared))

    def description(self, el: Element) -> None:
        texts = narratives(el, self.shared)
        if not texts:
            return  # an empty placeholder (the writer emits one when the schema wants it)
        raw = attr(el, "type")
        kind = raw or "1"
        if kind not in _DESCRIPTION_TYPES:
            kind = self._unlisted(el, "type", codelists.DESCRIPTION_TYPE_1X.get(raw.upper(), ""))
        self.fields["descriptions"].append(_description(type=kind, narratives=texts))

    def status(self, el: Element) -> None:
        code = attr(el, "code")
        if not code:  # 1.0x: the status as the element's text, a word of the 1.0x list
            text = (el.text or "").strip()
            self.fields["status"] = codelists.ACTIVITY_STATUS_WORDS.get(text.upper(), "")
        elif code in _STATUSES:
            self.fields["status"] = code
        else:
            self.fields["status"] = self._unlisted(el, "code", "", "ActivityStatus")

    def activity_date(self, el: Element) -> None:
        raw = attr(el, "type")
        noted = len(self.notes)
        found, text = date_and_text(el, "activity-date", self.notes)
        if len(el):  # 2.0x: a note on the date is a narrative (1.0x: the element's text)
            texts = [n for c in el.iterchildren("narrative") if (n := (c.text or "").strip())]
            text = " ".join(texts) if texts else text
        if len(self.notes) > noted and not text:  # an unreadable ISO date: kept as the text
            text = self.notes[noted].value
            self.notes[noted] = replace(self.notes[noted], action=KEPT)
        kind = codelists.ACTIVITY_DATE_TYPE_1X.get(raw.upper(), raw)
        if kind not in _DATE_TYPES:
            kind = self._unlisted(el, "type", "", "ActivityDateType")
        self.fields["dates"].append(_activity_date(type=kind, iso_date=found, text=text))

    def participating_org(self, el: Element) -> None:
        raw = attr(el, "role")
        found = org(el, "activity-id", self.shared, self.notes)
        if not (raw or found.ref or found.names):
            return  # an empty placeholder: no organisation, and no role to give it
        role = codelists.ORGANISATION_ROLE_1X.get(raw.upper(), raw)
        if role not in _ROLES:
            role = self._unlisted(el, "role", "", "OrganisationRole")
        self.fields["participating_orgs"].append(_participating_org(org=found, role=role))

    def recipient_country(self, el: Element) -> None:
        code = attr(el, "code")
        if code not in _COUNTRIES:
            problem = f"recipient-country code {code!r} is not in the Country codelist"
            add_once(self.notes, note("recipient-country", problem, el.sourceline, KEPT, code))
        country = _recipient_country(
            code=code, percentage=percentage(el, "recipient-country", self.notes)
        )
        self.fields["recipient_countries"].append(country)

    def recipient_region(self, el: Element) -> None:
        region = RecipientRegion(
            attr(el, "code"),
            attr(el, "vocabulary") or "1",
            percentage(el, "recipient-region", self.notes),
        )
        self.fields["recipient_regions"].append(region)

    def sector(self, el: Element) -> None:
        raw = attr(el, "vocabulary")
        vocabulary = codelists.SECTOR_VOCABULARY_1X.get(raw, raw) or "1"
        if vocabulary not in _SECTOR_VOCABULARIES:
            problem = f"sector vocabulary {raw!r} is not in the SectorVocabulary codelist"
            add_once(self.notes, note("sector", problem, el.sourceline, KEPT, raw))
        sector = _sector(
            code=attr(el, "code"),
            vocabulary=vocabulary,
            percentage=percentage(el, "sector", self.notes),
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
        if significance is not None and significance not in _SIGNIFICANCES:
            problem = f"policy-marker significance {significance!r} is not 0 to 4; left out"
            self.notes.append(note("policy-marker", problem, el.sourceline, DROPPED, significance))
            significance = None
        if vocabulary == "1" and code == "1" and significance in ("3", "4"):
            problem = (
                f"gender marker significance {significance} is only valid for other markers"
                " (3 desertification, 4 RMNCH)"
            )
            self.notes.append(note("policy-marker", problem, el.sourceline, KEPT, significance))
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
        self.fields["budgets"].append(budget(el, self.default_currency, self.notes))

    def result(self, el: Element) -> None:
        self.fields["results"].append(result(el, self.notes, self.shared))

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
                when = iso_date(child, "document-link/document-date", self.notes)
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
                parts.update(self._point(child, child.findtext("pos") or ""))
            elif tag == "coordinates":  # 1.0x
                pos = f"{attr(child, 'latitude')} {attr(child, 'longitude')}"
                parts.update(self._point(child, pos))
            elif tag in ("exactness", "location-reach", "feature-designation"):
                parts[tag.replace("-", "_")] = attr(child, "code")
        self.fields["locations"].append(Location(**parts))

    def _point(self, el: Element, pos: str) -> dict[str, Any]:
        try:
            latitude, longitude = (parse_decimal(part) for part in pos.split())
        except ValueError:
            problem = f"location position {pos.strip()!r} is not two numbers"
            self.notes.append(note("location", problem, el.sourceline, DROPPED, pos.strip()))
            return {}
        return {"latitude": latitude, "longitude": longitude}

    def _unlisted(self, el: Element, name: str, mapped: str, list_name: str = "") -> str:
        """``mapped`` (the code of a 1.0x word) or "" for the unlisted value of @``name``,
        with a note; ``list_name`` defaults to the element's own codelist name."""
        raw = attr(el, name)
        tag = str(el.tag)
        list_name = list_name or "".join(w.title() for w in tag.split("-")) + name.title()
        where = f"{tag} {name} {raw!r}"
        if mapped:
            problem = f"{where} is a 1.0x word; read as {list_name} {mapped}"
            add_once(self.notes, note(tag, problem, el.sourceline, MAPPED, raw))
        else:
            problem = f"{where} is not in the {list_name} codelist; left empty"
            add_once(self.notes, note(tag, problem, el.sourceline, DROPPED, raw))
        return mapped

    def related_activity(self, el: Element) -> None:
        kind = attr(el, "type")
        if kind and kind not in _RELATED_TYPES:  # early drafts wrote the name: "sibling"
            word = _RELATED_TYPE_NAMES.get(kind.lower(), "")
            kind = self._unlisted(el, "type", word, "RelatedActivityType")
        self.fields["related_activities"].append(RelatedActivity(attr(el, "ref"), kind))


def _code(name: str) -> Callable[[ActivityBuilder, Element], None]:
    """A reader for elements that only carry a code attribute (e.g. default-flow-type)."""

    def read(builder: ActivityBuilder, el: Element) -> None:
        builder.fields[name] = attr(el, "code")

    return read


# A huge activity's transactions may have been fed in already (add_transaction, from the
# reader), each dropped from the tree once read: the ones left are read here.
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
    "transaction": ActivityBuilder.add_transaction,
}
# The children an activity's reading looks at: the reader may free any other child as it goes.
READ_CHILDREN = frozenset(_CHILDREN)
