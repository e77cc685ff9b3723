"""Stream Activities out as an IATI 2.03 ``<iati-activities>`` file.

Each activity is first passed through :func:`parity.iati.conform.conform` (whose docstring has
the table of what is done when a piece required by the 2.03 schema is missing), then built as
one lxml element, written and dropped, so memory stays flat whatever the number of activities.

The children of ``iati-activity`` (and of transaction, budget, result, ...) are an
``xsd:sequence`` in the schema, so the functions below emit them strictly in schema order.
Codes are written as the dataclasses hold them (2.03 codes), once conform has left out every
code that is not in its 2.03 codelist (listed_codes.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import BinaryIO

from lxml import etree

from parity.iati.conform import conform
from parity.iati.model import (
    Activity,
    Baseline,
    Budget,
    Dimension,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    Narrative,
    OrgRef,
    PeriodValue,
    Result,
    Transaction,
)

IATI_VERSION = "2.03"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI's only spatial reference system: WGS 84 latitude/longitude.
_SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"

_Attrs = Mapping[str, str | None]


def write_activities(
    activities: Iterable[Activity], out: BinaryIO, *, generated: datetime | None = None
) -> int:
    """Write ``activities`` to ``out`` as UTF-8 IATI 2.03 XML; return how many were written.

    ``generated`` becomes ``@generated-datetime`` (default: now, UTC). The schema requires at
    least one activity, so a file written from an empty iterable is well-formed but not valid.
    """
    generated = generated or datetime.now(UTC).replace(microsecond=0)
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        root_attrs = {"version": IATI_VERSION, "generated-datetime": generated.isoformat()}
        with xf.element("iati-activities", root_attrs):
            xf.write("\n")
            for activity in activities:
                xf.write(
                    activity_element(activity, export_date=generated.date()), pretty_print=True
                )
                count += 1
    return count


def activity_element(activity: Activity, *, export_date: date) -> etree._Element:
    """One ``<iati-activity>`` element, schema-valid for any Activity."""
    conformed = conform(activity, export_date=export_date)
    activity = conformed.activity
    el = etree.Element(
        "iati-activity",
        _attrs(
            {
                "last-updated-datetime": activity.last_updated,
                _XML_LANG: activity.default_lang,
                "default-currency": activity.default_currency,
                "humanitarian": _bool(activity.humanitarian),
            }
        ),
    )
    for note in conformed.notes:
        # A comment keeps the file valid and tells any reader which values the export filled in.
        el.append(etree.Comment(" parity export: " + note.replace("--", "- -") + " "))
    _sub(el, "iati-identifier").text = activity.identifier
    _org(
        el,
        "reporting-org",
        activity.reporting_org,
        required_name=True,
        ref_required=True,
        type_required=True,
    )
    _narratives(_sub(el, "title"), activity.titles, required=True)
    for description in activity.descriptions:
        _narratives(
            _sub(el, "description", {"type": description.type}),
            description.narratives,
            required=True,
        )
    if not activity.descriptions:
        _narratives(_sub(el, "description"), (), required=True)
    for participant in activity.participating_orgs:
        _participating_org(el, participant.org, participant.role)
    if not activity.participating_orgs:
        _participating_org(el, OrgRef(), "")
    _sub(el, "activity-status", {"code": activity.status}, required=("code",))
    for activity_date in activity.dates:
        date_el = _sub(
            el,
            "activity-date",
            {"type": activity_date.type, "iso-date": _date(activity_date.iso_date)},
            required=("type",),
        )
        if activity_date.text:
            # 2.03 has no place for a non-ISO date; its text survives as the date's narrative.
            _narratives(date_el, (Narrative(activity_date.text),))
    _code(el, "activity-scope", activity.scope)
    for country in activity.recipient_countries:
        _sub(
            el,
            "recipient-country",
            {"code": country.code, "percentage": _decimal(country.percentage)},
            required=("code",),
        )
    for region in activity.recipient_regions:
        _sub(
            el,
            "recipient-region",
            {
                "code": region.code,
                "vocabulary": region.vocabulary,
                "percentage": _decimal(region.percentage),
            },
            required=("code",),
        )
    for location in activity.locations:
        _location(el, location)
    for sector in activity.sectors:
        sector_el = _sub(
            el,
            "sector",
            {
                "vocabulary": sector.vocabulary,
                "code": sector.code,
                "percentage": _decimal(sector.percentage),
            },
            required=("code",),
        )
        _narratives(sector_el, sector.narratives)
    for marker in activity.policy_markers:
        marker_el = _sub(
            el,
            "policy-marker",
            {
                "vocabulary": marker.vocabulary,
                "code": marker.code,
                "significance": marker.significance,
            },
            required=("code",),
        )
        _narratives(marker_el, marker.narratives)
    _code(el, "collaboration-type", activity.collaboration_type)
    _code(el, "default-flow-type", activity.default_flow_type)
    _code(el, "default-finance-type", activity.default_finance_type)
    for aid_type in activity.default_aid_types:
        _code(el, "default-aid-type", aid_type)
    for vocabulary, code in activity.other_default_aid_types:
        _sub(el, "default-aid-type", {"code": code, "vocabulary": vocabulary})
    _code(el, "default-tied-status", activity.default_tied_status)
    for budget in activity.budgets:
        _budget(el, budget)
    for transaction in activity.transactions:
        _transaction(el, transaction)
    for link in activity.document_links:
        _document_link(el, link)
    for related in activity.related_activities:
        _sub(
            el,
            "related-activity",
            {"ref": related.ref, "type": related.type},
            required=("ref", "type"),
        )
    for result in activity.results:
        _result(el, result)
    return el


def _budget(parent: etree._Element, budget: Budget) -> None:
    el = _sub(parent, "budget", {"type": budget.type, "status": budget.status})
    _sub(el, "period-start", {"iso-date": _date(budget.period_start)})
    _sub(el, "period-end", {"iso-date": _date(budget.period_end)})
    _value(el, budget.value, budget.currency, budget.value_date)


def _transaction(parent: etree._Element, transaction: Transaction) -> None:
    el = _sub(parent, "transaction", {"ref": transaction.ref})
    _sub(el, "transaction-type", {"code": transaction.type}, required=("code",))
    _sub(el, "transaction-date", {"iso-date": _date(transaction.date)})
    _value(el, transaction.value, transaction.currency, transaction.value_date)
    if transaction.description:
        _narratives(_sub(el, "description"), transaction.description)
    if transaction.provider is not None:
        _org(el, "provider-org", transaction.provider, activity_id_attr="provider-activity-id")
    if transaction.receiver is not None:
        _org(el, "receiver-org", transaction.receiver, activity_id_attr="receiver-activity-id")
    _code(el, "disbursement-channel", transaction.disbursement_channel)
    if transaction.sector_code:
        _sub(
            el,
            "sector",
            {"vocabulary": transaction.sector_vocabulary, "code": transaction.sector_code},
        )
    _code(el, "recipient-country", transaction.recipient_country)
    _code(el, "recipient-region", transaction.recipient_region)
    _code(el, "flow-type", transaction.flow_type)
    _code(el, "finance-type", transaction.finance_type)
    _code(el, "aid-type", transaction.aid_type)
    for vocabulary, code in transaction.other_aid_types:
        _sub(el, "aid-type", {"code": code, "vocabulary": vocabulary})
    _code(el, "tied-status", transaction.tied_status)


def _document_link(parent: etree._Element, link: DocumentLink) -> None:
    el = _sub(
        parent,
        "document-link",
        {"format": link.format, "url": link.url},
        required=("format", "url"),
    )
    _narratives(_sub(el, "title"), link.titles, required=True)
    for category in link.categories or ("",):
        _sub(el, "category", {"code": category}, required=("code",))
    for language in link.languages:
        _sub(el, "language", {"code": language}, required=("code",))
    if link.document_date is not None:
        _sub(el, "document-date", {"iso-date": _date(link.document_date)})


def _location(parent: etree._Element, location: Location) -> None:
    el = _sub(parent, "location", {"ref": location.ref})
    _code(el, "location-reach", location.location_reach)
    if location.names:
        _narratives(_sub(el, "name"), location.names)
    if location.descriptions:
        _narratives(_sub(el, "description"), location.descriptions)
    if location.latitude is not None and location.longitude is not None:
        point = _sub(el, "point", {"srsName": _SRS_NAME})
        _sub(point, "pos").text = f"{_decimal(location.latitude)} {_decimal(location.longitude)}"
    _code(el, "exactness", location.exactness)
    _code(el, "feature-designation", location.feature_designation)


def _result(parent: etree._Element, result: Result) -> None:
    el = _sub(
        parent,
        "result",
        {"type": result.type, "aggregation-status": _bool(result.aggregation_status)},
        required=("type",),
    )
    _narratives(_sub(el, "title"), result.titles, required=True)
    if result.descriptions:
        _narratives(_sub(el, "description"), result.descriptions)
    for indicator in result.indicators or (Indicator(measure=""),):
        _indicator(el, indicator)


def _indicator(parent: etree._Element, indicator: Indicator) -> None:
    el = _sub(
        parent,
        "indicator",
        {
            "measure": indicator.measure,
            "ascending": _bool(indicator.ascending),
            "aggregation-status": _bool(indicator.aggregation_status),
        },
        required=("measure",),
    )
    _narratives(_sub(el, "title"), indicator.titles, required=True)
    if indicator.descriptions:
        _narratives(_sub(el, "description"), indicator.descriptions)
    for baseline in indicator.baselines:
        _baseline(el, baseline)
    for period in indicator.periods:
        _period(el, period)


def _baseline(parent: etree._Element, baseline: Baseline) -> None:
    el = _sub(
        parent,
        "baseline",
        {
            "year": str(baseline.year),
            "iso-date": _date(baseline.iso_date),
            "value": _decimal(baseline.value),
        },
    )
    # Baseline order is location, dimension, document-link, comment (unlike target/actual).
    _dimensions(el, baseline.dimensions)
    _comment(el, baseline.comment)


def _period(parent: etree._Element, period: IndicatorPeriod) -> None:
    el = _sub(parent, "period")
    _sub(el, "period-start", {"iso-date": _date(period.start)})
    _sub(el, "period-end", {"iso-date": _date(period.end)})
    for tag, values in (("target", period.targets), ("actual", period.actuals)):
        for value in values:
            _period_value(el, tag, value)


def _period_value(parent: etree._Element, tag: str, value: PeriodValue) -> None:
    el = _sub(parent, tag, {"value": _decimal(value.value)})
    _dimensions(el, value.dimensions)
    _comment(el, value.comment)


def _dimensions(parent: etree._Element, dimensions: tuple[Dimension, ...]) -> None:
    # The original name and value are written; the normalised pair is the reader's derivation.
    for dimension in dimensions:
        _sub(parent, "dimension", {"name": dimension.name, "value": dimension.value})


def _comment(parent: etree._Element, text: str) -> None:
    if text:
        _narratives(_sub(parent, "comment"), (Narrative(text),))


def _org(
    parent: etree._Element,
    tag: str,
    org: OrgRef,
    *,
    required_name: bool = False,
    ref_required: bool = False,
    type_required: bool = False,
    activity_id_attr: str = "",
) -> etree._Element:
    attrs: dict[str, str | None] = {"ref": org.ref, "type": org.type}
    if activity_id_attr:
        attrs[activity_id_attr] = org.activity_id
    required = tuple(
        name for name, flag in (("ref", ref_required), ("type", type_required)) if flag
    )
    el = _sub(parent, tag, attrs, required=required)
    _narratives(el, org.names, required=required_name)
    return el


def _participating_org(parent: etree._Element, org: OrgRef, role: str) -> None:
    el = _sub(
        parent,
        "participating-org",
        {"ref": org.ref, "type": org.type, "role": role, "activity-id": org.activity_id},
        required=("role",),
    )
    _narratives(el, org.names)


def _value(parent: etree._Element, value: Decimal, currency: str, value_date: date | None) -> None:
    el = _sub(parent, "value", {"currency": currency, "value-date": _date(value_date)})
    el.text = _decimal(value)


def _narratives(
    parent: etree._Element, narratives: Iterable[Narrative], *, required: bool = False
) -> None:
    written = False
    for narrative in narratives:
        el = _sub(parent, "narrative", {_XML_LANG: narrative.lang})
        el.text = narrative.text
        written = True
    if required and not written:
        # The schema wants a narrative here; an empty one states nothing the data did not.
        _sub(parent, "narrative")


def _code(parent: etree._Element, tag: str, code: str) -> None:
    """An optional element whose only content is a @code: written when there is a code."""
    if code:
        _sub(parent, tag, {"code": code})


def _sub(
    parent: etree._Element, tag: str, attrs: _Attrs | None = None, required: tuple[str, ...] = ()
) -> etree._Element:
    """A child element; empty optional attributes are left out, required ones always written."""
    kept = {}
    for name, value in (attrs or {}).items():
        if value or name in required:
            kept[name] = value or ""
    return etree.SubElement(parent, tag, kept)


def _attrs(attrs: _Attrs) -> dict[str, str]:
    return {name: value for name, value in attrs.items() if value}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value: Decimal | None) -> str | None:
    """A plain decimal string: xsd:decimal has no exponent form (1E+3 is written 1000)."""
    if value is None:
        return None
    return format(value, "f")


def _bool(value: bool | None) -> str | None:
    if value is None:
        return None
    return "1" if value else "0"
