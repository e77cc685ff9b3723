"""Evidence flags: the pure rules (parity.markers) run on stored activities, chunk by chunk.

Each chunk's activities are read in a few flat queries (``as_iati_model``), checked by the
same rules that check files, and their flags and portfolio rows replaced in one transaction,
with the content hash and the day the flags were computed for. An import asks only for the
activities whose flags are not current (``flags_stale``, one query), so an unchanged file costs
no rule run; ``flags_catch_up`` finds every activity a killed run left without flags.
Reviews and fed results call ``flags_refresh`` for the one activity they changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from parity.activities import crs_bulk
from parity.activities.as_iati_model import activity_snapshots
from parity.activities.models import Activity
from parity.crs.model import Row as CRSRow
from parity.iati.model import Activity as IatiActivity
from parity.iati.model import Description, Narrative, OrgRef, PolicyMarker, Sector
from parity.mainstreaming.copies import activity_copies
from parity.mainstreaming.models import Flag, ReviewState
from parity.markers import Held, check_activity

CHUNK_SIZE = 500
T = TypeVar("T")


def chunks(ids: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def flags_refresh(
    activity_ids: Iterable[int] | None = None,
    *,
    today: date | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> int:
    """Run the evidence rules on activities (default: all) and replace their stored flags;
    also rewrites their portfolio rows' copies of activity fields (marker, end date...).

    Each chunk is one transaction, so a flag list is never half replaced, and each query
    names one chunk only (SQLite refuses a query with more than 32,766 parameters). An id
    that names no activity is passed over. Returns the number of flags stored.
    """
    today = today or timezone.localdate()
    if activity_ids is None:
        ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(activity_ids))
    return sum(_refresh_chunk(chunk, today) for chunk in chunks(ids, chunk_size))


def _refresh_chunk(chunk: list[int], today: date) -> int:
    # Read before the snapshot: a write in between leaves the older hash, so the next import
    # sees the flags as stale rather than current.
    read = list(
        Activity.objects.filter(pk__in=chunk).values_list("iati_identifier", "pk", "content_hash")
    )
    by_identifier = {identifier: pk for identifier, pk, _hash in read}
    hashes = {pk: digest for _identifier, pk, digest in read}
    snapshots = list(
        activity_snapshots(
            Activity.objects.filter(pk__in=chunk), rules_only=True, chunk_size=len(chunk)
        )
    )
    held = _held(snapshots)
    checked = [(by_identifier[snapshot.identifier], snapshot) for snapshot in snapshots]
    return _store(checked, hashes, today, held)


def flags_store_written(written: list[tuple[int, IatiActivity, str]], today: date) -> int:
    """Flags of activities an import has just written (id, the activity as read, its content
    hash), from the dataclasses it holds rather than read back (which was half the import's
    time), in the caller's transaction. The few values the database reshapes are reshaped the
    same way first (``as_stored``), so the flags equal what ``flags_refresh`` stores. An
    activity with components (related-activity type 2) is left to the refresh after the file:
    whether they are screened depends on activities a later chunk may write."""
    checked = [
        (pk, as_stored(activity))
        for pk, activity, _digest in written
        if not any(related.type == "2" for related in activity.related_activities)
    ]
    hashes = {pk: digest for pk, _activity, digest in written}
    return _store(checked, hashes, today, Held())


def flags_store_crs(projects: list[tuple[int, list[CRSRow]]], today: date) -> set[int]:
    """Flags of CRS projects whose header the CRS loader has just written (id, the rows of
    the latest year it wrote the header from), from those rows rather than read back, in the
    caller's transaction. Returns the ids whose flags were stored: a project whose header row
    gives no aid type is left out, since the rules then read the aid types of all its
    transactions, which other years and files write (the refresh after the file checks it)."""
    checked = [(pk, found) for pk, rows in projects if (found := crs_as_stored(rows)) is not None]
    _store(checked, {pk: "" for pk, _activity in checked}, today, Held())
    return {pk for pk, _activity in checked}


def crs_as_stored(rows: list[CRSRow]) -> IatiActivity | None:
    """A CRS project as ``activity_snapshots`` reads back what the CRS loader wrote from these
    rows (those of its latest year, the last one its header), in what the rules read: title,
    descriptions, purposes, screened markers, aid type (docs/crs.md). None without an aid type
    on the header row (see ``flags_store_crs``)."""
    row = rows[-1]
    if not row.aid_type:
        return None
    title = row.title or row.short_description or row.long_description[:200]
    descriptions = []
    if row.long_description:
        descriptions.append(Description(type="1", narratives=_texts(row.long_description)))
    short = row.short_description
    if short and short.casefold() not in (row.title.casefold(), row.long_description.casefold()):
        descriptions.append(Description(type="4", narratives=_texts(short)))
    purposes = {r.purpose_code: r for r in rows if r.purpose_code}.values()
    return IatiActivity(
        identifier=row.identifier,
        reporting_org=OrgRef(ref=f"XM-DAC-{row.provider_code}"),
        titles=_texts(title),
        descriptions=tuple(descriptions),
        sectors=tuple(
            Sector(code=r.purpose_code, vocabulary="1", narratives=_texts(r.purpose_name))
            for r in purposes
        ),
        policy_markers=tuple(
            PolicyMarker(code=code, significance=str(score))
            for code, score in row.markers
            if score is not None
        ),
        default_aid_types=(row.aid_type,),
    )


def _texts(text: str) -> tuple[Narrative, ...]:
    return (Narrative(text=text),) if text else ()


_PLACES = Decimal("0.0001")


def as_stored(activity: IatiActivity) -> IatiActivity:
    """The activity as ``activity_snapshots`` would read it back, in what the rules read: a
    significance as its integer, a percentage with the column's four decimal places."""
    markers = tuple(
        marker
        if marker.significance is None or marker.significance == str(int(marker.significance))
        else replace(marker, significance=str(int(marker.significance)))
        for marker in activity.policy_markers
    )
    sectors = tuple(
        sector
        if sector.percentage is None or sector.percentage.as_tuple().exponent == -4
        else replace(sector, percentage=sector.percentage.quantize(_PLACES))
        for sector in activity.sectors
    )
    # Identity, not equality: 50 and 50.0000 are equal but print differently in a message.
    kept = zip((*markers, *sectors), (*activity.policy_markers, *activity.sectors), strict=True)
    if all(new is old for new, old in kept):
        return activity
    return replace(activity, policy_markers=markers, sectors=sectors)


def _store(
    checked: list[tuple[int, IatiActivity]], hashes: dict[int, str], today: date, held: Held
) -> int:
    """Replace the flags and portfolio rows of the checked activities, in one transaction."""
    now = crs_bulk.db_datetime(timezone.now())
    rows: list[tuple] = []
    counts = dict.fromkeys((pk for pk, _ in checked), 0)
    for activity_id, activity in checked:
        for flag in check_activity(activity, today, held=held):
            counts[activity_id] += 1
            rows.append(
                (
                    activity_id,
                    flag.rule_id,
                    str(flag.severity),
                    flag.message_id,
                    json.dumps(flag.args),
                    flag.element,
                    now,
                )
            )
    ids = list(counts)
    with transaction.atomic():
        Flag.objects.filter(activity_id__in=ids).delete()
        crs_bulk.insert(Flag, FLAG_COLUMNS, rows, READY)
        copies = activity_copies(ids)
        _upsert_states(
            (pk, n, hashes[pk], today, *(copies[pk][name] for name in COPIES))
            for pk, n in counts.items()
            if pk in copies
        )
    return len(rows)


FLAG_COLUMNS = (
    "activity_id",
    "rule",
    "severity",
    "message_id",
    "message_args",
    "element",
    "created",
)
READY = frozenset({"message_args", "created"})  # JSON as text, the time as the database takes it
# The keys of activity_copies' rows, as ReviewState attnames.
COPIES = ("identifier", "reporting_org_id", "gender_marker", "end_date")
# What _store writes into a portfolio row: the flag figures, then the copies.
STATE_COLUMNS = ("activity_id", "open_flags", "flags_hash", "flags_on", *COPIES)


def _upsert_states(rows: Iterable[tuple]) -> None:
    """Insert or update portfolio rows in one statement per chunk (SQLite and PostgreSQL both
    take ON CONFLICT ... DO UPDATE): Django's bulk_create with update_conflicts built its SQL
    per object, a quarter of the flag step at 10,000 activities. Review figures (stage,
    pending since) are left as they are on an existing row and take their defaults on a new
    one."""
    ops = connection.ops
    fields = {f.attname: f for f in ReviewState._meta.concrete_fields}
    rest = [f for name, f in fields.items() if name not in STATE_COLUMNS]
    tail = tuple(f.get_default() for f in rest)
    names = [fields[name].column for name in STATE_COLUMNS] + [f.column for f in rest]
    updates = ", ".join(
        f"{ops.quote_name(fields[name].column)} = excluded.{ops.quote_name(fields[name].column)}"
        for name in STATE_COLUMNS[1:]
    )
    sql = (
        f"INSERT INTO {ops.quote_name(ReviewState._meta.db_table)} "
        f"({', '.join(ops.quote_name(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))}) "
        f"ON CONFLICT ({ops.quote_name(fields['activity_id'].column)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, *tail) for row in rows])


def _held(snapshots: list[IatiActivity]) -> Held:
    """The components (related-activity type 2) of these activities that are held with a gender
    marker score: a parent screened through its components is not "not screened"."""
    children = {
        related.ref
        for snapshot in snapshots
        for related in snapshot.related_activities
        if related.type == "2"
    }
    screened: set[str] = set()
    for part in chunks(sorted(children), 10_000):  # SQLite's limit on query parameters
        found = Activity.objects.filter(iati_identifier__in=part, gender_marker__isnull=False)
        screened.update(found.values_list("iati_identifier", flat=True))
    return Held(screened=frozenset(screened))


def flags_stale(activities: QuerySet[Activity], today: date) -> QuerySet[Activity]:
    """Those of ``activities`` whose stored flags were not computed today from their current
    content (or never were). An activity without a content hash (the CRS loader writes none)
    is always stale: nothing says its content is the one that was checked."""
    current = ReviewState.objects.filter(
        activity=OuterRef("pk"), flags_on=today, flags_hash=OuterRef("content_hash")
    )
    return activities.filter(Q(content_hash="") | ~Exists(current))


def flags_catch_up(*, today: date | None = None) -> int:
    """Compute the flags of every activity that has none for its current content: what a run
    killed between writing activities and storing their flags left behind. Returns how many
    activities were checked."""
    checked = ReviewState.objects.filter(
        activity=OuterRef("pk"), flags_on__isnull=False, flags_hash=OuterRef("content_hash")
    )
    unchecked = Activity.objects.filter(~Exists(checked)).order_by("pk")
    ids = list(unchecked.values_list("pk", flat=True))
    if ids:
        flags_refresh(ids, today=today)
    return len(ids)
