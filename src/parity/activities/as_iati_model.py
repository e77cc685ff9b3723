"""Rebuilding ``parity.iati.model.Activity`` dataclasses from database rows (a selector).

The pure rules in ``parity.markers`` take the dataclass, so the database is checked with exactly
the code that checks files. The snapshot carries what rules and reports read: texts, dates,
organisations, geography, sectors, policy markers, results with every indicator value, and
documents. Budgets, transactions and locations are left out unless asked for (``finance=True``):
they are the bulk of the data. ``rules_only=True`` reads only what the evidence rules read
(no dates, participating organisations, countries or regions; transactions as their aid types
only), which the import's flag step uses: the profile showed these reads as a third of it.

Each part is read for a chunk of activities in one flat query (``values()``: no model
instances, no per-activity querysets, which made Django's nested prefetching the slowest step
of an import) and grouped by its parent in Python, so memory stays flat over any portfolio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Any

from django.db.models import Model, QuerySet

from parity.activities import models as m
from parity.iati import model as iati

CHUNK_SIZE = 500
Row = dict[str, Any]


def activity_snapshots(
    queryset: QuerySet[m.Activity] | None = None,
    *,
    finance: bool = False,
    rules_only: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[iati.Activity]:
    """Yield one dataclass per activity of ``queryset`` (default: all), in identifier order."""
    if finance and rules_only:
        raise ValueError("finance and rules_only exclude each other")
    queryset = m.Activity.objects.all() if queryset is None else queryset
    rows = queryset.select_related("reporting_org").order_by("iati_identifier")
    stream = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(stream, chunk_size)):
        parts = _Parts([row.pk for row in chunk], finance=finance, rules_only=rules_only)
        for row in chunk:
            yield to_dataclass(row, parts, finance=finance)


def _grouped(model: type[Model], parent: str, **where: Any) -> dict[int, list[Row]]:
    """Rows of ``model`` matching ``where`` as dicts, in id order, grouped by ``parent``."""
    found: dict[int, list[Row]] = defaultdict(list)
    for row in model.objects.filter(**where).order_by("id").values():
        found[row[parent]].append(row)
    return found


class _Parts:
    """Every part of a chunk of activities, read table by table."""

    def __init__(self, ids: list[int], *, finance: bool, rules_only: bool = False) -> None:
        def of(model: type[Model]) -> dict[int, list[Row]]:
            return _grouped(model, "activity_id", activity_id__in=ids)

        empty: dict[int, list[Row]] = {}
        self.descriptions = of(m.ActivityDescription)
        self.dates = empty if rules_only else of(m.ActivityDate)
        self.participating_orgs = empty if rules_only else of(m.ParticipatingOrg)
        self.countries = empty if rules_only else of(m.RecipientCountry)
        self.regions = empty if rules_only else of(m.RecipientRegion)
        self.sectors = of(m.ActivitySector)
        self.policy_markers = of(m.PolicyMarker)
        self.results = of(m.Result)
        self.document_links = of(m.DocumentLink)
        self.related = of(m.RelatedActivity)
        # The levels below results, joined up to the chunk's activities (no id lists).
        self.indicators = _grouped(m.Indicator, "result_id", result__activity_id__in=ids)
        self.baselines = _grouped(
            m.IndicatorBaseline, "indicator_id", indicator__result__activity_id__in=ids
        )
        self.periods = _grouped(
            m.IndicatorPeriod, "indicator_id", indicator__result__activity_id__in=ids
        )
        self.values = _grouped(
            m.IndicatorValue, "period_id", period__indicator__result__activity_id__in=ids
        )
        self.budgets = of(m.Budget) if finance else empty
        self.transactions = of(m.Transaction) if finance else empty
        # The pass-through rule reads transactions' aid types when no default is given.
        self.aid_types = _aid_types(ids) if rules_only else empty
        self.locations = of(m.Location) if finance else empty


def to_dataclass(row: m.Activity, parts: _Parts, *, finance: bool = False) -> iati.Activity:
    """One Activity row and its parts as the dataclass the readers produce."""
    org = row.reporting_org
    pk = row.pk
    return iati.Activity(
        identifier=row.iati_identifier,
        reporting_org=iati.OrgRef(
            ref=org.ref, type=org.type, names=_names([{"text": org.name}] if org.name else [])
        ),
        titles=_names(row.titles),
        descriptions=tuple(
            iati.Description(type=d["type"], narratives=_names(d["narratives"]))
            for d in parts.descriptions.get(pk, ())
        ),
        default_lang=row.default_lang,
        iati_version=row.iati_version,
        last_updated=row.last_updated,
        humanitarian=row.humanitarian,
        status=row.status,
        scope=row.scope,
        dates=tuple(
            iati.ActivityDate(type=d["type"], iso_date=d["iso_date"], text=d["text"])
            for d in parts.dates.get(pk, ())
        ),
        participating_orgs=tuple(
            iati.ParticipatingOrg(
                org=iati.OrgRef(
                    ref=p["ref"],
                    type=p["type"],
                    names=_names(p["names"]),
                    activity_id=p["activity_id_ref"],
                ),
                role=p["role"],
            )
            for p in parts.participating_orgs.get(pk, ())
        ),
        recipient_countries=tuple(
            iati.RecipientCountry(code=c["code"], percentage=c["percentage"])
            for c in parts.countries.get(pk, ())
        ),
        recipient_regions=tuple(
            iati.RecipientRegion(
                code=r["code"], vocabulary=r["vocabulary"], percentage=r["percentage"]
            )
            for r in parts.regions.get(pk, ())
        ),
        sectors=tuple(
            iati.Sector(
                code=s["code"],
                vocabulary=s["vocabulary"],
                percentage=s["percentage"],
                narratives=_names(s["narratives"]),
            )
            for s in parts.sectors.get(pk, ())
        ),
        policy_markers=tuple(
            iati.PolicyMarker(
                code=p["code"],
                # NULL stays None ("no significance given"), never "0".
                significance=None if p["significance"] is None else str(p["significance"]),
                vocabulary=p["vocabulary"],
                narratives=_names(p["narratives"]),
            )
            for p in parts.policy_markers.get(pk, ())
        ),
        collaboration_type=row.collaboration_type,
        default_currency=row.default_currency,
        default_flow_type=row.default_flow_type,
        default_finance_type=row.default_finance_type,
        default_aid_types=tuple(row.default_aid_types or ()),
        other_default_aid_types=tuple(
            (vocabulary, code) for vocabulary, code in row.other_default_aid_types or ()
        ),
        default_tied_status=row.default_tied_status,
        budgets=_budgets(parts.budgets.get(pk, ())) if finance else (),
        transactions=(
            _transactions(parts.transactions.get(pk, ()))
            if finance
            else _aid_type_only(parts.aid_types.get(pk, ()))
        ),
        results=tuple(_result(r, parts) for r in parts.results.get(pk, ())),
        document_links=tuple(
            iati.DocumentLink(
                url=d["url"],
                format=d["format"],
                titles=_names(d["titles"]),
                categories=tuple(d["categories"] or ()),
                languages=tuple(d["languages"] or ()),
                document_date=d["document_date"],
            )
            for d in parts.document_links.get(pk, ())
        ),
        locations=_locations(parts.locations.get(pk, ())) if finance else (),
        related_activities=tuple(
            iati.RelatedActivity(ref=r["ref"], type=r["type"]) for r in parts.related.get(pk, ())
        ),
    )


def _aid_types(ids: list[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    rows = m.Transaction.objects.filter(activity_id__in=ids).exclude(aid_type="")
    for row in rows.order_by("id").values("activity_id", "aid_type"):
        found[row["activity_id"]].append(row)
    return found


def _aid_type_only(rows: Iterable[Row]) -> tuple[iati.Transaction, ...]:
    return tuple(
        iati.Transaction(
            type="",
            date=None,
            value=Decimal(0),
            currency="",
            value_date=None,
            aid_type=t["aid_type"],
        )
        for t in rows
    )


def _names(items: Iterable[dict] | None) -> tuple[iati.Narrative, ...]:
    return tuple(iati.Narrative(text=i["text"], lang=i.get("lang", "")) for i in items or ())


def _dimensions(items: Iterable[dict] | None) -> tuple[iati.Dimension, ...]:
    # A few dimension sets (sex: female/male...) repeat over hundreds of thousands of values.
    return tuple(
        _dimension(
            d.get("name", ""), d.get("value", ""), d.get("norm_name", ""), d.get("norm_value", "")
        )
        for d in items or ()
    )


@lru_cache(maxsize=4096)
def _dimension(name: str, value: str, norm_name: str, norm_value: str) -> iati.Dimension:
    return iati.Dimension(name=name, value=value, norm_name=norm_name, norm_value=norm_value)


def _decimal(value: Decimal | None) -> Decimal | None:
    # Stored with 4 decimal places; normalising keeps 10 and 10.0000 from looking different.
    return None if value is None else value.normalize()


def _result(r: Row, parts: _Parts) -> iati.Result:
    return iati.Result(
        type=r["type"],
        titles=_names(r["titles"]),
        descriptions=_names(r["descriptions"]),
        aggregation_status=r["aggregation_status"],
        indicators=tuple(_indicator(i, parts) for i in parts.indicators.get(r["id"], ())),
    )


def _indicator(i: Row, parts: _Parts) -> iati.Indicator:
    return iati.Indicator(
        measure=i["measure"],
        titles=_names(i["titles"]),
        descriptions=_names(i["descriptions"]),
        ascending=i["ascending"],
        aggregation_status=i["aggregation_status"],
        baselines=tuple(
            iati.Baseline(
                year=b["year"],
                iso_date=b["iso_date"],
                value=_decimal(b["value"]),
                dimensions=_dimensions(b["dimensions"]),
                comment=b["comment"],
            )
            for b in parts.baselines.get(i["id"], ())
        ),
        periods=tuple(_period(p, parts) for p in parts.periods.get(i["id"], ())),
    )


def _period(p: Row, parts: _Parts) -> iati.IndicatorPeriod:
    values = parts.values.get(p["id"], ())

    def of(kind: str) -> tuple[iati.PeriodValue, ...]:
        return tuple(
            iati.PeriodValue(
                value=_decimal(v["value"]),
                dimensions=_dimensions(v["dimensions"]),
                comment=v["comment"],
            )
            for v in values
            if v["kind"] == kind
        )

    return iati.IndicatorPeriod(
        start=p["start"], end=p["end"], targets=of(m.IndicatorValue.TARGET), actuals=of("actual")
    )


def _budgets(rows: Iterable[Row]) -> tuple[iati.Budget, ...]:
    return tuple(
        iati.Budget(
            period_start=b["period_start"],
            period_end=b["period_end"],
            value=b["value"],
            currency=b["currency"],
            value_date=b["value_date"],
            type=b["type"],
            status=b["status"],
        )
        for b in rows
    )


def _org(ref: str, type_: str, names: list, activity_id: str) -> iati.OrgRef | None:
    if not (ref or type_ or names or activity_id):
        return None
    return iati.OrgRef(ref=ref, type=type_, names=_names(names), activity_id=activity_id)


def _transactions(rows: Iterable[Row]) -> tuple[iati.Transaction, ...]:
    return tuple(
        iati.Transaction(
            type=t["type"],
            date=t["date"],
            value=t["value"],
            currency=t["currency"],
            value_date=t["value_date"],
            ref=t["ref"],
            description=_names(t["description"]),
            provider=_org(
                t["provider_ref"],
                t["provider_type"],
                t["provider_names"],
                t["provider_activity_id"],
            ),
            receiver=_org(
                t["receiver_ref"],
                t["receiver_type"],
                t["receiver_names"],
                t["receiver_activity_id"],
            ),
            sector_code=t["sector_code"],
            sector_vocabulary=t["sector_vocabulary"],
            recipient_country=t["recipient_country"],
            recipient_region=t["recipient_region"],
            flow_type=t["flow_type"],
            finance_type=t["finance_type"],
            aid_type=t["aid_type"],
            other_aid_types=tuple((vocabulary, code) for vocabulary, code in t["other_aid_types"]),
            tied_status=t["tied_status"],
            disbursement_channel=t["disbursement_channel"],
        )
        for t in rows
    )


def _locations(rows: Iterable[Row]) -> tuple[iati.Location, ...]:
    return tuple(
        iati.Location(
            ref=loc["ref"],
            names=_names(loc["names"]),
            descriptions=_names(loc["descriptions"]),
            latitude=loc["latitude"],
            longitude=loc["longitude"],
            exactness=loc["exactness"],
            location_reach=loc["location_reach"],
            feature_designation=loc["feature_designation"],
        )
        for loc in rows
    )
