"""Writing CRS rows (parity.crs) as Parity's records: one Activity per CRS project.

A project is a provider and its CRS id (else its project number): ``crs:{provider}-{crs id}``.
Its activity carries the facts of the latest year read (titles, descriptions, recipient,
purpose, provider, agency, channel, flow, finance and aid type, every marker); each row's
amounts become transactions (commitment type 2, disbursement type 3) dated 31 December of the
row's year, in US dollars as the file states them, each with its source (file, line, year),
its constant-price amount and base year, and the row's own gender marker. See docs/crs.md.

A file is loaded inside the caller's transaction, so a file that breaks partway changes
nothing. A project-year the file covers replaces the transactions other imports wrote for it,
chunk by chunk and set-based: the earlier rows of the chunk's project-years are tallied (count
and fingerprint sum, in a temporary table) and deleted in two statements, the chunk's rows
inserted, and the projects' headers rewritten in one UPDATE; ``finish`` compares each
project-year's new rows with the tally to say what was new, changed or unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from parity.activities import bulk, crs_bulk
from parity.activities import models as m
from parity.activities.collector import collector_for_bulk_load
from parity.activities.crs_bulk import json_narrative
from parity.activities.signals import crs_projects_written
from parity.activities.sqlite_cache import page_cache
from parity.crs.model import COMMITMENT, Row
from parity.iati import codelists

BATCH_ROWS = 5000
BEFORE = "parity_crs_before"  # temporary: the replaced project-years' earlier rows, tallied
TRANSACTION_TYPE = {COMMITMENT: "2"}  # else disbursement, "3"
ORG_TYPES = {"dac": "10", "other": "10", "multilateral": "40", "private": "60"}
# The parts an activity's header owns (its transactions are replaced per year instead), and
# the columns the loader gives each.
PART_COLUMNS: dict[type, tuple[str, ...]] = {
    m.ActivityDescription: ("activity_id", "type", "narratives"),
    m.ParticipatingOrg: ("activity_id", "role", "ref", "names"),
    m.RecipientCountry: ("activity_id", "code"),
    m.RecipientRegion: ("activity_id", "code"),
    m.ActivitySector: ("activity_id", "code", "narratives"),
    m.PolicyMarker: ("activity_id", "code", "significance"),
}
HEADER_PARTS = tuple(PART_COLUMNS)
# SQLite: many rows per INSERT statement (executemany repeats a statement's work per row)
_insert = partial(crs_bulk.insert, grouped=True)
READY = frozenset({"narratives", "names"})  # given as JSON text (crs_bulk.json_narrative)
ACTIVITY_READY = frozenset({"created_at", "updated_at", "titles", "default_aid_types"})
TRANSACTION_COLUMNS = (
    "activity_id",
    "type",
    "date",
    "value",
    "value_prices",
    "value_constant",
    "constant_base_year",
    "currency",
    "gender_marker",
    "provider_ref",
    "sector_code",
    "sector_vocabulary",
    "recipient_country",
    "recipient_region",
    "flow_type",
    "finance_type",
    "aid_type",
    "source_file",
    "source_line",
    "source_year",
    "source_digest",
)


@dataclass
class CRSCounts:
    rows: int = 0  # rows written
    created: int = 0  # rows of project-years no import had before
    updated: int = 0  # rows of project-years that changed
    unchanged: int = 0  # rows of project-years identical to what was there
    identifiers: set[str] = field(default_factory=set)


def provider_ref(row: Row) -> str:
    """The IATI organisation identifier of a CRS provider (the XM-DAC registration agency)."""
    return f"XM-DAC-{row.provider_code}"


def narrative(text: str) -> list[dict]:
    return [{"text": text, "lang": ""}] if text else []


class CRSLoader:
    def __init__(self, source_file: str, *, is_sample: bool = False, source_note: str = ""):
        self.source_file = source_file
        self.is_sample = is_sample
        self.source_note = source_note
        self.counts = CRSCounts()
        self._orgs: dict[str, int] = {}
        # activity id -> year of the header this file wrote (0: none): every activity it touched
        self._header_year: dict[int, int] = {}
        self._start = m.Transaction.objects.aggregate(top=Max("id"))["top"] or 0
        self._replacing = False  # whether a project-year held earlier rows (BEFORE exists)
        # activities whose evidence flags were stored from this file's rows and are current
        self.flags_current: set[int] = set()

    def load(self, rows: Iterable[Row], progress: Callable[[int], None] | None = None) -> None:
        iterator = iter(rows)
        with page_cache(), collector_for_bulk_load() as between_chunks:
            while batch := list(islice(iterator, BATCH_ROWS)):
                self._write(batch)
                count = len(batch)
                del batch  # released first: the collector's pass would walk all of it
                between_chunks()
                if progress:
                    progress(count)

    def _write(self, batch: list[Row]) -> None:
        projects: dict[str, list[Row]] = {}
        for row in batch:
            projects.setdefault(row.identifier, []).append(row)
        existing = {
            identifier: (pk, crs.get("year", 0) if isinstance(crs, dict) else 0)
            for identifier, pk, crs in m.Activity.objects.filter(
                iati_identifier__in=projects
            ).values_list("iati_identifier", "id", "crs")
        }
        fresh = [identifier for identifier in projects if identifier not in existing]
        ids = dict(zip(fresh, bulk.allocate_ids(m.Activity, len(fresh)), strict=True))
        now = timezone.now()
        stamp = crs_bulk.db_datetime(now)
        new_rows, headers, rewritten = [], [], []
        transactions: list[tuple[int, Row]] = []
        for identifier, rows in projects.items():
            year = max(row.year for row in rows)
            latest = [row for row in rows if row.year == year]
            if identifier in ids:
                pk, write_header = ids[identifier], True
                fields = self._fields(latest[-1])  # the same keys, in the same order, each time
                # JSON as text and the time as the database keeps it: ready to write (crs_bulk)
                fields["titles"] = json_narrative(fields["title"])
                fields["default_aid_types"] = json.dumps(fields["default_aid_types"])
                new_rows.append((pk, stamp, stamp, *fields.values()))
            else:
                pk, stored_year = existing[identifier]
                # A file of an older year leaves the header of a later one as it is.
                write_header = year >= max(stored_year, self._header_year.get(pk, 0))
                if write_header:
                    values = self._fields(latest[-1])
                    rewritten.append(m.Activity(pk=pk, **values, updated_at=now))
            if write_header:
                self._header_year[pk] = year
                headers.append((pk, latest))
            else:
                self._header_year.setdefault(pk, 0)
            self.counts.identifiers.add(identifier)
            transactions.extend((pk, row) for row in rows)
        if rewritten:
            m.Activity.objects.bulk_update(rewritten, [*values, "updated_at"])
            stale = [activity.pk for activity in rewritten]
            for part in HEADER_PARTS:
                part.objects.filter(activity_id__in=stale).delete()
        created = set(ids.values())
        held = {(pk, row.year) for pk, row in transactions if pk not in created}
        if held:
            self._replace(held)
        if new_rows:
            columns = ("id", "created_at", "updated_at", *fields)
            _insert(m.Activity, columns, new_rows, ACTIVITY_READY)
        self._write_parts(headers)
        _insert(m.Transaction, TRANSACTION_COLUMNS, self._transaction_rows(transactions))
        self.counts.rows += len(batch)
        # Derived records (the evidence flags) from the rows held: a rewritten header's earlier
        # ones are no longer current unless a receiver stored them again.
        replies = crs_projects_written.send(sender=type(self), projects=headers)
        self.flags_current -= {pk for pk, _rows in headers}
        self.flags_current.update(pk for _receiver, stored in replies for pk in stored or ())

    def _transaction_rows(self, transactions: list[tuple[int, Row]]) -> Iterator[tuple]:
        """Rows in the order of TRANSACTION_COLUMNS."""
        source_file = self.source_file
        for activity_id, row in transactions:
            year_end = date(row.year, 12, 31)
            gender = row.gender
            ref = provider_ref(row)
            sector_vocabulary = "1" if row.purpose_code else ""
            for amount in row.amounts:
                current = amount.current is not None
                yield (
                    activity_id,
                    TRANSACTION_TYPE.get(amount.measure, "3"),
                    year_end,
                    amount.current if current else amount.constant,
                    m.CURRENT_PRICES if current else m.CONSTANT_PRICES,
                    amount.constant,
                    amount.base_year,
                    "USD",
                    gender,
                    ref,
                    row.purpose_code,
                    sector_vocabulary,
                    row.country,
                    row.region,
                    row.category,
                    row.finance_type,
                    row.aid_type,
                    source_file,
                    row.line,
                    row.year,
                    row.digest,
                )

    def _organisation(self, row: Row) -> int:
        ref = provider_ref(row)
        found = self._orgs.get(ref)
        if found is None:
            org, _ = m.Organisation.objects.get_or_create(
                ref=ref,
                defaults={
                    "name": row.provider_name[:500],
                    "type": ORG_TYPES.get(row.provider_group, ""),
                    "is_sample": self.is_sample,
                },
            )
            found = self._orgs[ref] = org.pk
        return found

    def _fields(self, row: Row) -> dict:
        title = row.title or row.short_description or row.long_description[:200]
        return {
            "iati_identifier": row.identifier,
            "reporting_org_id": self._organisation(row),
            "title": title,
            "description": row.long_description or row.short_description,
            "titles": narrative(title),
            "collaboration_type": row.bi_multi
            if codelists.is_valid("CollaborationType", row.bi_multi)
            else "",
            "default_currency": "USD",
            "default_flow_type": row.category,
            "default_finance_type": row.finance_type,
            "default_aid_types": [row.aid_type] if row.aid_type else [],
            "gender_marker": row.gender,
            "is_sample": self.is_sample,
            "source": m.SOURCE_CRS,
            "crs": {
                "provider_code": row.provider_code,
                "provider_name": row.provider_name,
                "provider_group": row.provider_group,
                "agency_code": row.agency_code,
                "agency_name": row.agency_name,
                "crs_id": row.crs_id,
                "project_number": row.project_number,
                "recipient_code": row.recipient_code,
                "recipient_name": row.recipient_name,
                "purpose_name": row.purpose_name,
                "channel_code": row.channel_code,
                "channel_name": row.channel_name,
                "markers": {code: score for code, score in row.markers},
                "year": row.year,
                "line": row.line,
            },
            "source_note": self.source_note,
            "source_file": self.source_file,
        }

    def _write_parts(self, headers: list[tuple[int, list[Row]]]) -> None:
        parts: dict[type, list[tuple]] = {part: [] for part in HEADER_PARTS}
        descriptions = parts[m.ActivityDescription]
        orgs = parts[m.ParticipatingOrg]
        markers = parts[m.PolicyMarker]
        for pk, rows in headers:
            row = rows[-1]
            if row.long_description:
                descriptions.append((pk, "1", json_narrative(row.long_description)))
            short = row.short_description
            # The short description is mostly the title in capitals: kept only when it says more.
            if short and short.casefold() not in (
                row.title.casefold(),
                row.long_description.casefold(),
            ):
                descriptions.append((pk, "4", json_narrative(short)))
            provider = provider_ref(row)
            orgs.append((pk, "1", provider, json_narrative(row.provider_name)))
            if row.agency_name or row.agency_code:
                agency_ref = f"{provider}-{row.agency_code}" if row.agency_code else ""
                orgs.append((pk, "3", agency_ref, json_narrative(row.agency_name)))
            if row.channel_name or row.channel_code:
                orgs.append((pk, "4", "", json_narrative(row.channel_name or row.channel_code)))
            for code in dict.fromkeys(r.country for r in rows if r.country):
                parts[m.RecipientCountry].append((pk, code))
            for code in dict.fromkeys(r.region for r in rows if r.region):
                parts[m.RecipientRegion].append((pk, code))
            for r in {r.purpose_code: r for r in rows if r.purpose_code}.values():
                parts[m.ActivitySector].append((pk, r.purpose_code, json_narrative(r.purpose_name)))
            # no row = not screened, never 0
            markers.extend((pk, code, score) for code, score in row.markers if score is not None)
        for part, rows in parts.items():
            _insert(part, PART_COLUMNS[part], rows, READY)

    def _replace(self, held: set[tuple[int, int]]) -> None:
        """Tally, then delete, the rows earlier imports wrote for these project-years (of
        projects held before this file): two statements, whatever their number."""
        table = connection.ops.quote_name(m.Transaction._meta.db_table)
        pairs = sorted(held)
        values = ", ".join(["(%s, %s)"] * len(pairs))
        params = [value for pair in pairs for value in pair]
        # Rows this file wrote (ids above the start) are never among them, so a project-year
        # met again in a later chunk finds nothing left to replace.
        where = (
            f"id <= %s AND source_year IS NOT NULL "
            f"AND (activity_id, source_year) IN (VALUES {values})"
        )
        with connection.cursor() as cursor:
            if not self._replacing:
                cursor.execute(f"DROP TABLE IF EXISTS {BEFORE}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {BEFORE} (activity_id BIGINT, source_year INTEGER, "
                    f"n BIGINT, digest NUMERIC)"
                )
                self._replacing = True
            cursor.execute(
                f"INSERT INTO {BEFORE} SELECT activity_id, source_year, COUNT(*), "
                f"SUM(source_digest) FROM {table} WHERE {where} GROUP BY activity_id, source_year",
                [self._start, *params],
            )
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [self._start, *params])

    def finish(self) -> None:
        """Count this file's rows by project-year: new (nothing was there), unchanged (the
        same rows as before, by count and fingerprints) or changed."""
        if not self._replacing:  # no project-year held rows before this file
            self.counts.created = self.counts.rows
            return
        table = connection.ops.quote_name(m.Transaction._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT CASE WHEN b.activity_id IS NULL THEN 'created' "
                f"WHEN b.n = t.n AND b.digest = t.digest THEN 'unchanged' ELSE 'updated' END, "
                f"SUM(t.lines) FROM (SELECT activity_id, source_year, COUNT(*) AS n, "
                f"COUNT(DISTINCT source_line) AS lines, SUM(source_digest) AS digest "
                f"FROM {table} WHERE id > %s AND source_year IS NOT NULL "
                f"GROUP BY activity_id, source_year) t LEFT JOIN {BEFORE} b "
                f"ON b.activity_id = t.activity_id AND b.source_year = t.source_year "
                f"GROUP BY 1",
                [self._start],
            )
            for kind, lines in cursor.fetchall():
                setattr(self.counts, kind, int(lines))
            cursor.execute(f"DROP TABLE {BEFORE}")

    def disappeared(self) -> list[str]:
        """Projects an earlier edition of this file had that this one no longer has."""
        earlier = (
            m.Transaction.objects.filter(source_file=self.source_file, id__lte=self._start)
            .order_by()
            .values_list("activity_id", "activity__iati_identifier")
            .distinct()
        )
        return sorted(
            identifier
            for activity_id, identifier in earlier.iterator()
            if activity_id not in self._header_year
        )
