"""Writing activities (the pure dataclasses of parity.iati.model) into the database.

Upserts by IATI identifier: a new identifier is created, a known one is updated in place (its
database id, and so every review or pledge pointing at it, stays), an identical one is left
alone. Each activity is all or nothing: its row and all its parts are written in one
transaction; when a batch fails, the batch is retried one activity at a time so that one bad
activity is rejected with its reason and the others still land.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from parity.activities import bulk
from parity.activities import models as m
from parity.iati import model as iati

BATCH_SIZE = 200


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    with_notes: int = 0  # activities kept with a data-quality note (written or unchanged)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (identifier, reason)
    identifiers: set[str] = field(default_factory=set)
    duplicates: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.updated + self.unchanged


def content_hash(activity: iati.Activity, origin: str = "") -> str:
    """A fingerprint of what the file says about the activity and which file said it."""
    return hashlib.sha256(f"{origin}\x00{activity!r}".encode()).hexdigest()


def narratives_json(narratives: Iterable[iati.Narrative]) -> list[dict]:
    return [{"text": n.text, "lang": n.lang} for n in narratives]


def pick_text(narratives: Iterable[iati.Narrative], lang: str) -> str:
    """The text in the activity's default language, else English, else the first one."""
    items = list(narratives)
    for wanted in (lang, "en", ""):
        for item in items:
            if item.lang == wanted:
                return item.text
    return items[0].text if items else ""


def gender_marker(activity: iati.Activity) -> int | None:
    """The DAC gender marker score, or None when not screened (or an invalid significance)."""
    marker = activity.gender_marker()
    if marker is None or marker.significance not in {"0", "1", "2"}:
        return None
    return int(marker.significance)


def span(activity: iati.Activity) -> tuple:
    """Start and end dates: actual before planned; an end before the start is not trusted."""
    by_type = {d.type: d.iso_date for d in activity.dates if d.iso_date}
    start = by_type.get("2") or by_type.get("1")
    end = by_type.get("4") or by_type.get("3")
    if start and end and end < start:
        end = None
    return start, end


class ActivityLoader:
    """Loads activities in batches; keeps an organisation cache across batches."""

    def __init__(
        self, *, is_sample: bool = False, source_note: str = "", source_file: str = ""
    ) -> None:
        self.is_sample = is_sample
        self.source_note = source_note
        self.source_file = source_file
        self.counts = LoadCounts()
        self._orgs: dict[str, m.Organisation] = {}

    def load(
        self,
        activities: Iterable[iati.Activity],
        progress: Callable[[int], None] | None = None,
    ) -> LoadCounts:
        iterator: Iterator[iati.Activity] = iter(activities)
        while batch := list(islice(iterator, BATCH_SIZE)):
            self.load_batch(batch)
            if progress:
                progress(len(batch))
        return self.counts

    def load_batch(self, batch: list[iati.Activity]) -> None:
        latest: dict[str, iati.Activity] = {}
        for activity in batch:
            if activity.identifier in self.counts.identifiers or activity.identifier in latest:
                self.counts.duplicates.append(activity.identifier)
            latest[activity.identifier] = activity  # a later copy in the same file wins
        try:
            with transaction.atomic():
                self._write(list(latest.values()))
        except (IntegrityError, DatabaseError, ValueError, ArithmeticError):
            # Organisations created in the rolled-back batch are gone too.
            self._orgs.clear()
            for activity in latest.values():
                try:
                    with transaction.atomic():
                        self._write([activity])
                except (IntegrityError, DatabaseError, ValueError, ArithmeticError) as error:
                    self._orgs.clear()
                    self.counts.rejected.append(
                        (activity.identifier, f"the database refused it: {error}")
                    )
        self.counts.identifiers.update(latest)

    def _organisation(self, org: iati.OrgRef) -> m.Organisation:
        ref = org.ref or "(unidentified)"
        cached = self._orgs.get(ref)
        if cached is not None:
            return cached
        name = pick_text(org.names, "en")[:500]
        found, created = m.Organisation.objects.get_or_create(
            ref=ref, defaults={"name": name, "type": org.type, "is_sample": self.is_sample}
        )
        if not created and not found.name and name:
            found.name = name
            found.save(update_fields=["name"])
        self._orgs[ref] = found
        return found

    def _write(self, activities: list[iati.Activity]) -> None:
        hashes = {a.identifier: content_hash(a, self.source_file) for a in activities}
        existing = {
            row["iati_identifier"]: row
            for row in m.Activity.objects.filter(iati_identifier__in=hashes).values(
                "id", "iati_identifier", "content_hash"
            )
        }
        now = timezone.now()
        to_write: list[tuple[int, iati.Activity]] = []
        new_rows: list[dict] = []
        changed_ids: list[int] = []
        created = updated = unchanged = 0
        fresh = [a for a in activities if a.identifier not in existing]
        fresh_ids = iter(bulk.allocate_ids(m.Activity, len(fresh)))
        for activity in activities:
            digest = hashes[activity.identifier]
            known = existing.get(activity.identifier)
            if known and known["content_hash"] == digest:
                unchanged += 1
                continue
            fields = self._activity_fields(activity, digest)
            if known:
                m.Activity.objects.filter(pk=known["id"]).update(**fields, updated_at=now)
                changed_ids.append(known["id"])
                to_write.append((known["id"], activity))
                updated += 1
            else:
                activity_id = next(fresh_ids)
                new_rows.append({**fields, "id": activity_id, "created_at": now, "updated_at": now})
                to_write.append((activity_id, activity))
                created += 1
        if changed_ids:
            for part in PART_MODELS:
                part.objects.filter(activity_id__in=changed_ids).delete()
        bulk.insert_rows(m.Activity, new_rows, with_ids=True)
        write_parts(to_write)
        # Counted only once everything is written: a failed batch is retried one by one.
        self.counts.created += created
        self.counts.updated += updated
        self.counts.unchanged += unchanged
        self.counts.with_notes += sum(1 for a in activities if a.notes)

    def _activity_fields(self, a: iati.Activity, digest: str) -> dict:
        start, end = span(a)
        general = [d for d in a.descriptions if d.type == "1"] or list(a.descriptions)
        return {
            "iati_identifier": a.identifier,
            "reporting_org_id": self._organisation(a.reporting_org).pk,
            "title": pick_text(a.titles, a.default_lang),
            "description": pick_text(general[0].narratives, a.default_lang) if general else "",
            "titles": narratives_json(a.titles),
            "default_lang": a.default_lang,
            "iati_version": a.iati_version,
            "last_updated": a.last_updated,
            "humanitarian": a.humanitarian,
            "status": a.status,
            "scope": a.scope,
            "collaboration_type": a.collaboration_type,
            "default_currency": a.default_currency,
            "default_flow_type": a.default_flow_type,
            "default_finance_type": a.default_finance_type,
            "default_aid_types": list(a.default_aid_types),
            "other_default_aid_types": [list(pair) for pair in a.other_default_aid_types],
            "default_tied_status": a.default_tied_status,
            "gender_marker": gender_marker(a),
            "start_date": start,
            "end_date": end,
            "is_sample": self.is_sample,
            "source_note": self.source_note,
            "source_file": self.source_file,
            "content_hash": digest,
        }


def org_fields(prefix: str, org: iati.OrgRef | None) -> dict:
    if org is None:
        return {}
    return {
        f"{prefix}_ref": org.ref,
        f"{prefix}_type": org.type,
        f"{prefix}_names": narratives_json(org.names),
        f"{prefix}_activity_id": org.activity_id,
    }


def write_parts(activities: list[tuple[int, iati.Activity]]) -> None:
    """Insert every part of the given activities (already inserted with these ids).

    Rows are generated lazily per table, so an activity with hundreds of thousands of
    transactions is written a chunk at a time rather than held as rows in memory.
    """
    for part, rows_of in PART_ROWS.items():
        bulk.insert_rows(
            part,
            (
                {"activity_id": activity_id, **row}
                for activity_id, activity in activities
                for row in rows_of(activity)
            ),
        )
    results = [
        (
            {
                "activity_id": activity_id,
                "type": result.type,
                "titles": narratives_json(result.titles),
                "descriptions": narratives_json(result.descriptions),
                "aggregation_status": result.aggregation_status,
            },
            result,
        )
        for activity_id, activity in activities
        for result in activity.results
    ]
    write_results(results)


def description_rows(a: iati.Activity) -> Iterator[dict]:
    for d in a.descriptions:
        yield {"type": d.type, "narratives": narratives_json(d.narratives)}


def date_rows(a: iati.Activity) -> Iterator[dict]:
    for d in a.dates:
        yield {"type": d.type, "iso_date": d.iso_date, "text": d.text[:200]}


def participating_org_rows(a: iati.Activity) -> Iterator[dict]:
    for p in a.participating_orgs:
        yield {
            "role": p.role,
            "ref": p.org.ref,
            "type": p.org.type,
            "names": narratives_json(p.org.names),
            "activity_id_ref": p.org.activity_id,
        }


def country_rows(a: iati.Activity) -> Iterator[dict]:
    for c in a.recipient_countries:
        yield {"code": c.code, "percentage": c.percentage}


def region_rows(a: iati.Activity) -> Iterator[dict]:
    for r in a.recipient_regions:
        yield {"code": r.code, "vocabulary": r.vocabulary, "percentage": r.percentage}


def sector_rows(a: iati.Activity) -> Iterator[dict]:
    for s in a.sectors:
        yield {
            "code": s.code,
            "vocabulary": s.vocabulary,
            "percentage": s.percentage,
            "narratives": narratives_json(s.narratives),
        }


def policy_marker_rows(a: iati.Activity) -> Iterator[dict]:
    for pm in a.policy_markers:
        yield {
            "vocabulary": pm.vocabulary,
            "code": pm.code,
            "significance": int(pm.significance) if pm.significance is not None else None,
            "narratives": narratives_json(pm.narratives),
        }


def budget_rows(a: iati.Activity) -> Iterator[dict]:
    for b in a.budgets:
        yield {
            "type": b.type,
            "status": b.status,
            "period_start": b.period_start,
            "period_end": b.period_end,
            "value": b.value,
            "currency": b.currency,
            "value_date": b.value_date,
        }


def transaction_rows(a: iati.Activity) -> Iterator[dict]:
    for t in a.transactions:
        yield {
            "ref": t.ref,
            "type": t.type,
            "date": t.date,
            "value": t.value,
            "currency": t.currency,
            "value_date": t.value_date,
            "description": narratives_json(t.description),
            "sector_code": t.sector_code,
            "sector_vocabulary": t.sector_vocabulary,
            "recipient_country": t.recipient_country,
            "recipient_region": t.recipient_region,
            "flow_type": t.flow_type,
            "finance_type": t.finance_type,
            "aid_type": t.aid_type,
            "other_aid_types": [list(pair) for pair in t.other_aid_types],
            "tied_status": t.tied_status,
            "disbursement_channel": t.disbursement_channel,
            **org_fields("provider", t.provider),
            **org_fields("receiver", t.receiver),
        }


def document_rows(a: iati.Activity) -> Iterator[dict]:
    for doc in a.document_links:
        yield {
            "url": doc.url,
            "format": doc.format,
            "titles": narratives_json(doc.titles),
            "categories": list(doc.categories),
            "languages": list(doc.languages),
            "document_date": doc.document_date,
        }


def location_rows(a: iati.Activity) -> Iterator[dict]:
    for loc in a.locations:
        yield {
            "ref": loc.ref,
            "names": narratives_json(loc.names),
            "descriptions": narratives_json(loc.descriptions),
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "exactness": loc.exactness,
            "location_reach": loc.location_reach,
            "feature_designation": loc.feature_designation,
        }


def related_rows(a: iati.Activity) -> Iterator[dict]:
    for rel in a.related_activities:
        yield {"ref": rel.ref, "type": rel.type}


def note_rows(a: iati.Activity) -> Iterator[dict]:
    for note in a.notes:
        yield {
            "part": note.part,
            "line": note.line,
            "problem": note.problem,
            "action": note.action,
            "value": note.value,
        }


# Every part that is a single row per item (results are written with their ids, separately).
PART_ROWS = {
    m.ActivityDescription: description_rows,
    m.ActivityDate: date_rows,
    m.ParticipatingOrg: participating_org_rows,
    m.RecipientCountry: country_rows,
    m.RecipientRegion: region_rows,
    m.ActivitySector: sector_rows,
    m.PolicyMarker: policy_marker_rows,
    m.Budget: budget_rows,
    m.Transaction: transaction_rows,
    m.DocumentLink: document_rows,
    m.Location: location_rows,
    m.RelatedActivity: related_rows,
    m.DataNote: note_rows,  # replaced with the parts when the activity changes
}
# What an updated activity's old version is deleted from before its new parts are written.
PART_MODELS: list[type] = [*PART_ROWS, m.Result]


def dimensions_json(dimensions: Iterable[iati.Dimension]) -> list[dict]:
    return [
        {"name": d.name, "value": d.value, "norm_name": d.norm_name, "norm_value": d.norm_value}
        for d in dimensions
    ]


def sex_of(dimensions: Iterable[iati.Dimension]) -> str:
    for d in dimensions:
        if d.norm_name == "sex":
            return d.norm_value
    return ""


def with_ids(model: type, rows: list[dict]) -> list[int]:
    ids = bulk.allocate_ids(model, len(rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    bulk.insert_rows(model, rows, with_ids=True)
    return ids


def write_results(results: list[tuple[dict, iati.Result]]) -> None:
    """Results, then indicators, baselines, periods and values, each level in one insert."""
    result_ids = with_ids(m.Result, [row for row, _ in results])
    indicators = [
        (
            {
                "result_id": result_id,
                "measure": ind.measure,
                "ascending": ind.ascending,
                "aggregation_status": ind.aggregation_status,
                "titles": narratives_json(ind.titles),
                "descriptions": narratives_json(ind.descriptions),
            },
            ind,
        )
        for result_id, (_, result) in zip(result_ids, results, strict=True)
        for ind in result.indicators
    ]
    indicator_ids = with_ids(m.Indicator, [row for row, _ in indicators])
    baselines: list[dict] = []
    periods: list[tuple[dict, iati.IndicatorPeriod]] = []
    for indicator_id, (_, ind) in zip(indicator_ids, indicators, strict=True):
        for b in ind.baselines:
            baselines.append(
                {
                    "indicator_id": indicator_id,
                    "year": b.year,
                    "iso_date": b.iso_date,
                    "value": b.value,
                    "dimensions": dimensions_json(b.dimensions),
                    "comment": b.comment,
                }
            )
        for p in ind.periods:
            periods.append(({"indicator_id": indicator_id, "start": p.start, "end": p.end}, p))
    bulk.insert_rows(m.IndicatorBaseline, baselines)
    period_ids = with_ids(m.IndicatorPeriod, [row for row, _ in periods])
    values = [
        {
            "period_id": period_id,
            "kind": kind,
            "value": v.value,
            "comment": v.comment,
            "sex": sex_of(v.dimensions),
            "dimensions": dimensions_json(v.dimensions),
        }
        for period_id, (_, p) in zip(period_ids, periods, strict=True)
        for kind, items in (("target", p.targets), ("actual", p.actuals))
        for v in items
    ]
    bulk.insert_rows(m.IndicatorValue, values)
