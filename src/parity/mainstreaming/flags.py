"""Evidence flags: the pure rules (parity.markers) run on stored activities, chunk by chunk.

Importers call ``flags_refresh`` with the ids they wrote (through the activities_imported
signal); reviews and fed results call it for the one activity they changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.db import transaction
from django.utils import timezone

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.models import Activity
from parity.mainstreaming.copies import COPY_FIELDS, activity_copies
from parity.mainstreaming.models import Flag, ReviewState
from parity.markers import check_activity

CHUNK_SIZE = 500


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
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

    Each chunk is one transaction, so a flag list is never half replaced. Returns the number
    of flags stored.
    """
    today = today or timezone.localdate()
    queryset = Activity.objects.all()
    if activity_ids is not None:
        queryset = queryset.filter(pk__in=list(activity_ids))
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    total = 0
    for chunk in chunks(ids, chunk_size):
        by_identifier = dict(
            Activity.objects.filter(pk__in=chunk).values_list("iati_identifier", "pk")
        )
        now = timezone.now()
        rows: list[Flag] = []
        counts = dict.fromkeys(chunk, 0)
        snapshots = activity_snapshots(Activity.objects.filter(pk__in=chunk), chunk_size=chunk_size)
        for snapshot in snapshots:
            activity_id = by_identifier[snapshot.identifier]
            for flag in check_activity(snapshot, today):
                counts[activity_id] += 1
                rows.append(
                    Flag(
                        activity_id=activity_id,
                        rule=flag.rule_id,
                        severity=str(flag.severity),
                        message=flag.message,
                        element=flag.element,
                        created=now,
                    )
                )
        with transaction.atomic():
            Flag.objects.filter(activity_id__in=chunk).delete()
            Flag.objects.bulk_create(rows, batch_size=1000)
            copies = activity_copies(chunk)
            ReviewState.objects.bulk_create(
                [
                    ReviewState(activity_id=pk, open_flags=n, **copies[pk])
                    for pk, n in counts.items()
                    if pk in copies
                ],
                update_conflicts=True,
                unique_fields=["activity"],
                update_fields=["open_flags", *COPY_FIELDS],
            )
        total += len(rows)
    return total
