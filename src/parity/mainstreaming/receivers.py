"""After an import: approved markers kept, evidence flags made current.

Connected in apps.py to the activities app's signals, so that app never imports this one.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import islice
from typing import Any

from django.utils import timezone

from parity.activities.models import Activity, RelatedActivity
from parity.crs.model import Row as CRSRow
from parity.iati.model import Activity as IatiActivity
from parity.mainstreaming.flags import (
    flags_catch_up,
    flags_refresh,
    flags_stale,
    flags_store_crs,
    flags_store_written,
)
from parity.mainstreaming.services import reviewed_markers_restore

LOOKUP_CHUNK = 500  # identifiers per IN (...): SQLite caps the parameters of one query


def refresh_flags_after_import(
    sender: type, identifiers: list[str], flags_current: Collection[int] = (), **kwargs: Any
) -> None:
    """The file's activities whose flags are not current (new, changed, or left without by a
    killed run) are checked; those already checked today for the same content are not, nor
    those the import says it stored current flags for (``flags_current``: the CRS projects
    checked from the rows it held), unless a reviewed marker was restored on them.

    So are the parents of those that changed: a parent's "not screened" flag depends on its
    components (related-activity type 2) held with a marker, which may arrive in a later file.
    """
    today = timezone.localdate()
    refreshed: set[int] = set()
    remaining = iter(identifiers)
    while chunk := list(islice(remaining, LOOKUP_CHUNK)):
        activities = Activity.objects.filter(iati_identifier__in=chunk)
        restored = reviewed_markers_restore(activities.values_list("id", flat=True))
        stale = set(flags_stale(activities, today).values_list("id", flat=True))
        stale.difference_update(flags_current)
        stale.update(change.activity_id for change in restored)
        if stale:
            flags_refresh(stale, today=today)
        refreshed |= stale
        parents = parents_of(stale) - refreshed
        if parents:
            flags_refresh(parents, today=today)
        refreshed |= parents


def parents_of(activity_ids: set[int]) -> set[int]:
    """Held activities that list any of these as a component (related-activity type 2), in
    one query."""
    if not activity_ids:
        return set()
    components = Activity.objects.filter(pk__in=activity_ids).values("iati_identifier")
    parents = RelatedActivity.objects.filter(type="2", ref__in=components)
    return set(parents.values_list("activity_id", flat=True))


def store_flags_of_written(
    sender: type, written: list[tuple[int, IatiActivity, str]], **kwargs: Any
) -> None:
    """Inside each chunk an import writes: the flags of what it wrote, from what it read, so
    the refresh after the file finds them current and reads nothing back. Parents held from
    earlier files whose components were just written are checked again too (their "not
    screened" flag depends on them); a parent written here waits for the refresh after the
    file, when all its file's components are in."""
    today = timezone.localdate()
    flags_store_written(written, today)
    ids = {pk for pk, _activity, _digest in written}
    parents = parents_of(ids) - ids
    if parents:
        flags_refresh(parents, today=today)


def store_flags_of_crs_projects(
    sender: type, projects: list[tuple[int, list[CRSRow]]], **kwargs: Any
) -> set[int]:
    """Inside each chunk the CRS loader writes: the flags of the projects whose header it
    wrote, from the rows it holds. Returns the ids stored (the loader passes those still
    current at the end of the file to the refresh after it). Parents held that list any of
    these projects as a component are checked again, as for IATI."""
    today = timezone.localdate()
    stored = flags_store_crs(projects, today)
    ids = {pk for pk, _rows in projects}
    parents = parents_of(ids) - ids
    if parents:
        flags_refresh(parents, today=today)
    return stored


def catch_up_flags_before_import(sender: type, **kwargs: Any) -> None:
    """Before a run: the flags an earlier run did not store because it was killed."""
    flags_catch_up()
