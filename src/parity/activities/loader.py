"""Writing activities (the pure dataclasses of parity.iati.model) into the database.

Upserts by IATI identifier: a new identifier is created, a known one is updated in place (its
database id, and so every review or pledge pointing at it, stays), an identical one is left
alone. Each activity is all or nothing: its row and all its parts are written in one
transaction; when a batch fails, the batch is retried one activity at a time so that one bad
activity is rejected with its reason and the others still land.

Rows are tuples in each table's column order, JSON given as text (built by the compiled
``parity.iati.rows``, with the activity's fingerprint), written by the driver
(``crs_bulk.insert``: executemany on SQLite, COPY on PostgreSQL): the ORM's per-row work cost
more than reading the XML (docs/performance.md, "IATI import"). With ``announce`` (the
importer), each batch sends ``activities_written`` inside its transaction, so the evidence
flags of what it wrote are stored with it, computed from the activities as read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from parity.activities import bulk, column_fit, crs_bulk
from parity.activities import models as m
from parity.activities.collector import collector_for_bulk_load
from parity.activities.signals import activities_written
from parity.activities.sqlite_cache import page_cache
from parity.iati import model as iati
from parity.iati import rows as iati_rows
from parity.iati.rows import activity_content

# Activities per chunk: one transaction each, all or nothing. Each chunk has a fixed cost (its
# lookups, statements, flag queries and commit): 1,000 took about 7% off the import's CPU against
# 200, for about 50 MB more at the peak (docs/performance.md, "Issue 16, ninth session").
BATCH_SIZE = 1000
# Part rows need no conversion: on SQLite many go in one INSERT statement (docs/performance.md).
_insert = partial(crs_bulk.insert, grouped=True)


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
        self,
        *,
        is_sample: bool = False,
        source_note: str = "",
        source_file: str = "",
        announce: bool = False,
    ) -> None:
        self.is_sample = is_sample
        self.source_note = source_note
        self.source_file = source_file
        # Send activities_written with each chunk (the importer does: flags are stored with
        # the chunk); callers that load fixtures refresh what they need themselves.
        self.announce = announce
        self.counts = LoadCounts()
        self._orgs: dict[str, m.Organisation] = {}

    def load(
        self,
        activities: Iterable[iati.Activity],
        progress: Callable[[int], None] | None = None,
    ) -> LoadCounts:
        iterator: Iterator[iati.Activity] = iter(activities)
        with page_cache(), collector_for_bulk_load() as between_chunks:
            while batch := list(islice(iterator, BATCH_SIZE)):
                self.load_batch(batch)
                count = len(batch)
                del batch  # released first: the collector's pass would walk all of it
                between_chunks()
                if progress:
                    progress(count)
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
            ref=ref,
            defaults={
                "name": name,
                # One too long for its column is kept in a note on the activity (_fit).
                "type": org.type if column_fit.fits(m.Organisation, "type", org.type) else "",
                "is_sample": self.is_sample,
            },
        )
        if not created and not found.name and name:
            found.name = name
            found.save(update_fields=["name"])
        self._orgs[ref] = found
        return found

    def _write(self, activities: list[iati.Activity]) -> None:
        """One chunk, inside the caller's transaction: activity rows, parts, then what other
        apps keep per written activity (evidence flags), so a kill leaves none half done."""
        contents = {a.identifier: activity_content(a, self.source_file) for a in activities}
        hashes = {identifier: digest for identifier, (_parts, digest) in contents.items()}
        existing = {
            row["iati_identifier"]: row
            for row in m.Activity.objects.filter(iati_identifier__in=hashes).values(
                "id", "iati_identifier", "content_hash"
            )
        }
        now = timezone.now()
        to_write: list[tuple[int, iati.Activity, list[list[tuple]]]] = []
        overflow: list[tuple] = []  # notes on values too long for their column
        new_rows: list[tuple] = []
        changed_ids: list[int] = []
        created = updated = unchanged = 0
        fresh = [a for a in activities if a.identifier not in existing]
        fresh_ids = iter(bulk.allocate_ids(m.Activity, len(fresh)))
        stamp = crs_bulk.db_datetime(now)
        for activity in activities:
            digest = hashes[activity.identifier]
            known = existing.get(activity.identifier)
            if known and known["content_hash"] == digest:
                unchanged += 1
                continue
            activity_id = known["id"] if known else next(fresh_ids)
            fields = self._activity_fields(activity, digest)
            self._fit(activity_id, activity, fields, overflow)
            if known:
                m.Activity.objects.filter(pk=activity_id).update(**fields, updated_at=now)
                changed_ids.append(activity_id)
                to_write.append((activity_id, activity, contents[activity.identifier][0]))
                updated += 1
            else:
                new_rows.append((activity_id, *fields.values(), stamp, stamp))
                to_write.append((activity_id, activity, contents[activity.identifier][0]))
                created += 1
        if changed_ids:
            for part in PART_MODELS:
                part.objects.filter(activity_id__in=changed_ids).delete()
        # COPY and the raw executemany raise the driver's errors: make them Django's, which
        # the retry one activity at a time catches.
        with connection.wrap_database_errors:
            crs_bulk.insert(m.Activity, ACTIVITY_COLUMNS, new_rows, STAMPS_READY)
            write_parts(to_write, overflow)
        if self.announce and to_write:
            written = [(pk, activity, hashes[activity.identifier]) for pk, activity, _ in to_write]
            activities_written.send(sender=type(self), written=written)
        # Counted only once everything is written: a failed batch is retried one by one.
        self.counts.created += created
        self.counts.updated += updated
        self.counts.unchanged += unchanged
        self.counts.with_notes += sum(1 for a in activities if a.notes)

    def _fit(self, activity_id: int, a: iati.Activity, fields: dict, overflow: list) -> None:
        """Empty the activity's texts too long for their column, each kept in a note."""
        for name, value in fields.items():
            if name == "iati_identifier":  # never emptied: one too long is refused whole
                continue
            if isinstance(value, str) and not column_fit.fits(m.Activity, name, value):
                limit = m.Activity._meta.get_field(name).max_length or 0
                overflow.append(
                    column_fit.overflow_note(activity_id, "iati-activity", name, value, limit)
                )
                fields[name] = ""
        org_type = a.reporting_org.type if a.reporting_org else ""
        if org_type and not column_fit.fits(m.Organisation, "type", org_type):
            limit = m.Organisation._meta.get_field("type").max_length or 0
            overflow.append(
                column_fit.overflow_note(activity_id, "reporting-org", "type", org_type, limit)
            )

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


# The order of ActivityLoader._activity_fields, between the id and the two timestamps.
ACTIVITY_COLUMNS = (
    "id", "iati_identifier", "reporting_org_id", "title", "description", "titles",
    "default_lang", "iati_version", "last_updated", "humanitarian", "status", "scope",
    "collaboration_type", "default_currency", "default_flow_type", "default_finance_type",
    "default_aid_types", "other_default_aid_types", "default_tied_status", "gender_marker",
    "start_date", "end_date", "is_sample", "source_note", "source_file", "content_hash",
    "created_at", "updated_at",
)  # fmt: skip


STAMPS_READY = frozenset({"created_at", "updated_at"})


_ORG_COLUMNS = ("ref", "type", "names", "activity_id")
# Each part table that is a single row per item: the columns its rows give (as the database
# takes them: JSON as text), and the rows of one activity (parity.iati.rows, whose order
# ``activity_content`` follows). Columns not named take the model's default. Results are
# written with their ids, separately.
PART_ROWS: dict[type, tuple[tuple[str, ...], iati_rows.RowBuilder]] = {
    m.ActivityDescription: (("activity_id", "type", "narratives"), iati_rows.description_rows),
    m.ActivityDate: (("activity_id", "type", "iso_date", "text"), iati_rows.date_rows),
    m.ParticipatingOrg: (
        ("activity_id", "role", "ref", "type", "names", "activity_id_ref"),
        iati_rows.participating_org_rows,
    ),
    m.RecipientCountry: (("activity_id", "code", "percentage"), iati_rows.country_rows),
    m.RecipientRegion: (("activity_id", "code", "vocabulary", "percentage"), iati_rows.region_rows),
    m.ActivitySector: (
        ("activity_id", "code", "vocabulary", "percentage", "narratives"),
        iati_rows.sector_rows,
    ),
    m.PolicyMarker: (
        ("activity_id", "vocabulary", "code", "significance", "narratives"),
        iati_rows.policy_marker_rows,
    ),
    m.Budget: (
        (
            "activity_id",
            "type",
            "status",
            "period_start",
            "period_end",
            "value",
            "currency",
            "value_date",
        ),
        iati_rows.budget_rows,
    ),
    m.Transaction: (
        (
            "activity_id",
            "ref",
            "type",
            "date",
            "value",
            "currency",
            "value_date",
            "description",
            "sector_code",
            "sector_vocabulary",
            "recipient_country",
            "recipient_region",
            "flow_type",
            "finance_type",
            "aid_type",
            "other_aid_types",
            "tied_status",
            "disbursement_channel",
            *(f"provider_{c}" for c in _ORG_COLUMNS),
            *(f"receiver_{c}" for c in _ORG_COLUMNS),
        ),
        iati_rows.transaction_rows,
    ),
    m.DocumentLink: (
        ("activity_id", "url", "format", "titles", "categories", "languages", "document_date"),
        iati_rows.document_rows,
    ),
    m.Location: (
        (
            "activity_id",
            "ref",
            "names",
            "descriptions",
            "latitude",
            "longitude",
            "exactness",
            "location_reach",
            "feature_designation",
        ),
        iati_rows.location_rows,
    ),
    m.RelatedActivity: (("activity_id", "ref", "type"), iati_rows.related_rows),
    # Data-quality notes: replaced with the parts when the activity changes.
    m.DataNote: (
        ("activity_id", "part", "line", "problem", "action", "value"),
        iati_rows.note_rows,
    ),
}
if [rows_of for _columns, rows_of in PART_ROWS.values()] != [b for _n, b in iati_rows.PARTS]:
    raise ImportError("PART_ROWS must list the tables in the order of parity.iati.rows.PARTS")
# What an updated activity's old version is deleted from before its new parts are written.
PART_MODELS: list[type] = [*PART_ROWS, m.Result]
# Every JSON column above is given as text.
READY = frozenset(
    {"narratives", "names", "titles", "descriptions", "description", "other_aid_types",
     "categories", "languages", "provider_names", "receiver_names", "dimensions"}
)  # fmt: skip


def write_parts(
    activities: list[tuple[int, iati.Activity, list[list[tuple]]]], overflow: list[tuple]
) -> None:
    """Insert every part of the given activities (already inserted with these ids; their
    part rows as ``activity_content`` built them, with 0 for the id), then the notes on values
    too long for their column (``overflow``, added to as rows go)."""
    for index, (part, (columns, _rows_of)) in enumerate(PART_ROWS.items()):
        for rows in _with_activity_ids(activities, index):
            _insert(part, columns, column_fit.fit_rows(part, columns, rows, overflow), READY)
    _insert(m.DataNote, PART_ROWS[m.DataNote][0], overflow)
    write_results(
        [
            (activity_id, result, values)
            for activity_id, activity, parts in activities
            for result, values in zip(activity.results, parts[-1], strict=True)
        ]
    )


def _with_activity_ids(
    activities: list[tuple[int, iati.Activity, list[list[tuple]]]], index: int
) -> Iterator[list[tuple]]:
    """The rows of part ``index`` of these activities with their ids, in lists of about
    ``crs_bulk.CHUNK_ROWS``: a copy of all of them at once held a huge activity's 300,000
    transaction rows twice over."""
    size = crs_bulk.CHUNK_ROWS
    chunk: list[tuple] = []
    for activity_id, _activity, parts in activities:
        rows = parts[index]
        for start in range(0, len(rows), size):
            chunk += [(activity_id, *row[1:]) for row in rows[start : start + size]]
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _with_ids(model: type, columns: tuple[str, ...], rows: list[tuple]) -> list[int]:
    """Insert rows (without their id) under newly allocated ids; returns the ids in order."""
    ids = bulk.allocate_ids(model, len(rows))
    _insert(
        model,
        ("id", *columns),
        ((new_id, *row) for new_id, row in zip(ids, rows, strict=True)),
        READY,
    )
    return ids


def write_results(results: list[tuple[int, iati.Result, tuple]]) -> None:
    """Results, then indicators, baselines, periods and values, each level in one insert,
    from each result's values as ``result_values`` built them for the content hash."""
    result_ids = _with_ids(
        m.Result,
        ("activity_id", "type", "titles", "descriptions", "aggregation_status"),
        [(activity_id, *values[:4]) for activity_id, _result, values in results],
    )
    indicators = [
        (result_id, ind, ind_values)
        for result_id, (_, result, values) in zip(result_ids, results, strict=True)
        for ind, ind_values in zip(result.indicators, values[4], strict=True)
    ]
    indicator_ids = _with_ids(
        m.Indicator,
        ("result_id", "measure", "ascending", "aggregation_status", "titles", "descriptions"),
        [(result_id, *ind_values[:5]) for result_id, _ind, ind_values in indicators],
    )
    _insert(
        m.IndicatorBaseline,
        ("indicator_id", "year", "iso_date", "value", "dimensions", "comment"),
        [
            (indicator_id, *baseline)
            for indicator_id, (_, _ind, ind_values) in zip(indicator_ids, indicators, strict=True)
            for baseline in ind_values[5]
        ],
        READY,
    )
    periods = [
        (indicator_id, period, period_values)
        for indicator_id, (_, ind, ind_values) in zip(indicator_ids, indicators, strict=True)
        for period, period_values in zip(ind.periods, ind_values[6], strict=True)
    ]
    period_ids = _with_ids(
        m.IndicatorPeriod,
        ("indicator_id", "start", "end"),
        [(indicator_id, *period_values[:2]) for indicator_id, _p, period_values in periods],
    )
    _insert(
        m.IndicatorValue,
        ("period_id", "kind", "sex", "value", "comment", "dimensions"),
        iati_rows.indicator_value_rows(period_ids, periods),
        READY,
    )
