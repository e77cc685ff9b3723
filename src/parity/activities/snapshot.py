"""Rebuilding ``parity.iati.model.Activity`` dataclasses from database rows (a selector).

The pure rules in ``parity.markers`` take the dataclass, so the database is checked with exactly
the code that checks files. The snapshot carries what rules and reports read: texts, dates,
organisations, geography, sectors, policy markers, results with every indicator value, and
documents. Budgets, transactions and locations are left out unless asked for (``finance=True``):
they are the bulk of the data and no evidence rule reads them.

Queries are prefetched and the activities streamed in chunks, so memory stays flat over any
portfolio: one query per part per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from parity.activities import models as m
from parity.iati import model as iati

CHUNK_SIZE = 500


def snapshot_queryset(queryset: QuerySet[m.Activity], *, finance: bool = False) -> QuerySet:
    periods = m.IndicatorPeriod.objects.prefetch_related("values")
    indicators = m.Indicator.objects.prefetch_related(
        "baselines", Prefetch("periods", queryset=periods)
    )
    results = m.Result.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    parts: list = [
        "descriptions",
        "dates",
        "participating_orgs",
        "recipient_countries",
        "recipient_regions",
        "sectors",
        "policy_markers",
        Prefetch("results", queryset=results),
        "document_links",
        "related_activities",
    ]
    if finance:
        parts += ["budgets", "transactions", "locations"]
    return queryset.select_related("reporting_org").prefetch_related(*parts)


def activity_snapshots(
    queryset: QuerySet[m.Activity] | None = None,
    *,
    finance: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[iati.Activity]:
    """Yield one dataclass per activity of ``queryset`` (default: all), in identifier order."""
    queryset = m.Activity.objects.all() if queryset is None else queryset
    rows = snapshot_queryset(queryset.order_by("iati_identifier"), finance=finance)
    for row in rows.iterator(chunk_size=chunk_size):
        yield to_dataclass(row, finance=finance)


def to_dataclass(row: m.Activity, *, finance: bool = False) -> iati.Activity:
    """One prefetched Activity row as the dataclass the readers produce."""
    org = row.reporting_org
    return iati.Activity(
        identifier=row.iati_identifier,
        reporting_org=iati.OrgRef(
            ref=org.ref, type=org.type, names=_names([{"text": org.name}] if org.name else [])
        ),
        titles=_names(row.titles),
        descriptions=tuple(
            iati.Description(type=d.type, narratives=_names(d.narratives))
            for d in row.descriptions.all()
        ),
        default_lang=row.default_lang,
        iati_version=row.iati_version,
        last_updated=row.last_updated,
        humanitarian=row.humanitarian,
        status=row.status,
        scope=row.scope,
        dates=tuple(
            iati.ActivityDate(type=d.type, iso_date=d.iso_date, text=d.text)
            for d in row.dates.all()
        ),
        participating_orgs=tuple(
            iati.ParticipatingOrg(
                org=iati.OrgRef(
                    ref=p.ref, type=p.type, names=_names(p.names), activity_id=p.activity_id_ref
                ),
                role=p.role,
            )
            for p in row.participating_orgs.all()
        ),
        recipient_countries=tuple(
            iati.RecipientCountry(code=c.code, percentage=c.percentage)
            for c in row.recipient_countries.all()
        ),
        recipient_regions=tuple(
            iati.RecipientRegion(code=r.code, vocabulary=r.vocabulary, percentage=r.percentage)
            for r in row.recipient_regions.all()
        ),
        sectors=tuple(
            iati.Sector(
                code=s.code,
                vocabulary=s.vocabulary,
                percentage=s.percentage,
                narratives=_names(s.narratives),
            )
            for s in row.sectors.all()
        ),
        policy_markers=tuple(
            iati.PolicyMarker(
                code=p.code,
                # NULL stays None ("no significance given"), never "0".
                significance=None if p.significance is None else str(p.significance),
                vocabulary=p.vocabulary,
                narratives=_names(p.narratives),
            )
            for p in row.policy_markers.all()
        ),
        collaboration_type=row.collaboration_type,
        default_currency=row.default_currency,
        default_flow_type=row.default_flow_type,
        default_finance_type=row.default_finance_type,
        default_aid_types=tuple(row.default_aid_types or ()),
        default_tied_status=row.default_tied_status,
        budgets=_budgets(row) if finance else (),
        transactions=_transactions(row) if finance else (),
        results=tuple(_result(r) for r in row.results.all()),
        document_links=tuple(
            iati.DocumentLink(
                url=d.url,
                format=d.format,
                titles=_names(d.titles),
                categories=tuple(d.categories or ()),
                languages=tuple(d.languages or ()),
                document_date=d.document_date,
            )
            for d in row.document_links.all()
        ),
        locations=_locations(row) if finance else (),
        related_activities=tuple(
            iati.RelatedActivity(ref=r.ref, type=r.type) for r in row.related_activities.all()
        ),
    )


def _names(items: Iterable[dict] | None) -> tuple[iati.Narrative, ...]:
    return tuple(iati.Narrative(text=i["text"], lang=i.get("lang", "")) for i in items or ())


def _dimensions(items: Iterable[dict] | None) -> tuple[iati.Dimension, ...]:
    return tuple(
        iati.Dimension(
            name=d.get("name", ""),
            value=d.get("value", ""),
            norm_name=d.get("norm_name", ""),
            norm_value=d.get("norm_value", ""),
        )
        for d in items or ()
    )


def _decimal(value: Decimal | None) -> Decimal | None:
    # Stored with 4 decimal places; normalising keeps 10 and 10.0000 from looking different.
    return None if value is None else value.normalize()


def _result(r: m.Result) -> iati.Result:
    return iati.Result(
        type=r.type,
        titles=_names(r.titles),
        descriptions=_names(r.descriptions),
        aggregation_status=r.aggregation_status,
        indicators=tuple(_indicator(i) for i in r.indicators.all()),
    )


def _indicator(i: m.Indicator) -> iati.Indicator:
    return iati.Indicator(
        measure=i.measure,
        titles=_names(i.titles),
        descriptions=_names(i.descriptions),
        ascending=i.ascending,
        baselines=tuple(
            iati.Baseline(
                year=b.year,
                iso_date=b.iso_date,
                value=_decimal(b.value),
                dimensions=_dimensions(b.dimensions),
                comment=b.comment,
            )
            for b in i.baselines.all()
        ),
        periods=tuple(_period(p) for p in i.periods.all()),
    )


def _period(p: m.IndicatorPeriod) -> iati.IndicatorPeriod:
    values = list(p.values.all())

    def of(kind: str) -> tuple[iati.PeriodValue, ...]:
        return tuple(
            iati.PeriodValue(
                value=_decimal(v.value), dimensions=_dimensions(v.dimensions), comment=v.comment
            )
            for v in values
            if v.kind == kind
        )

    return iati.IndicatorPeriod(
        start=p.start, end=p.end, targets=of(m.IndicatorValue.TARGET), actuals=of("actual")
    )


def _budgets(row: m.Activity) -> tuple[iati.Budget, ...]:
    return tuple(
        iati.Budget(
            period_start=b.period_start,
            period_end=b.period_end,
            value=b.value,
            currency=b.currency,
            value_date=b.value_date,
            type=b.type,
            status=b.status,
        )
        for b in row.budgets.all()
    )


def _org(ref: str, type_: str, names: list, activity_id: str) -> iati.OrgRef | None:
    if not (ref or type_ or names or activity_id):
        return None
    return iati.OrgRef(ref=ref, type=type_, names=_names(names), activity_id=activity_id)


def _transactions(row: m.Activity) -> tuple[iati.Transaction, ...]:
    return tuple(
        iati.Transaction(
            type=t.type,
            date=t.date,
            value=t.value,
            currency=t.currency,
            value_date=t.value_date,
            ref=t.ref,
            description=_names(t.description),
            provider=_org(
                t.provider_ref, t.provider_type, t.provider_names, t.provider_activity_id
            ),
            receiver=_org(
                t.receiver_ref, t.receiver_type, t.receiver_names, t.receiver_activity_id
            ),
            sector_code=t.sector_code,
            sector_vocabulary=t.sector_vocabulary,
            recipient_country=t.recipient_country,
            recipient_region=t.recipient_region,
            flow_type=t.flow_type,
            finance_type=t.finance_type,
            aid_type=t.aid_type,
            tied_status=t.tied_status,
            disbursement_channel=t.disbursement_channel,
        )
        for t in row.transactions.all()
    )


def _locations(row: m.Activity) -> tuple[iati.Location, ...]:
    return tuple(
        iati.Location(
            ref=loc.ref,
            names=_names(loc.names),
            descriptions=_names(loc.descriptions),
            latitude=loc.latitude,
            longitude=loc.longitude,
            exactness=loc.exactness,
            location_reach=loc.location_reach,
            feature_designation=loc.feature_designation,
        )
        for loc in row.locations.all()
    )
