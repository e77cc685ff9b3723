"""After an import: approved markers kept, evidence flags made current.

Connected in apps.py to the activities app's signals, so that app never imports this one.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from django.utils import timezone

from parity.activities.models import Activity
from parity.mainstreaming.flags import flags_catch_up, flags_refresh, flags_stale
from parity.mainstreaming.services import reviewed_markers_restore

LOOKUP_CHUNK = 500  # identifiers per IN (...): SQLite caps the parameters of one query


def refresh_flags_after_import(sender: type, identifiers: list[str], **kwargs: Any) -> None:
    """The file's activities whose flags are not current (new, changed, or left without by a
    killed run) are checked; those already checked today for the same content are not."""
    today = timezone.localdate()
    remaining = iter(identifiers)
    while chunk := list(islice(remaining, LOOKUP_CHUNK)):
        activities = Activity.objects.filter(iati_identifier__in=chunk)
        restored = reviewed_markers_restore(activities.values_list("id", flat=True))
        stale = set(flags_stale(activities, today).values_list("id", flat=True))
        stale.update(change.activity_id for change in restored)
        if stale:
            flags_refresh(stale, today=today)


def catch_up_flags_before_import(sender: type, **kwargs: Any) -> None:
    """Before a run: the flags an earlier run did not store because it was killed."""
    flags_catch_up()
