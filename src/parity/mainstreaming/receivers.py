"""After an import: approved markers kept, evidence flags made current."""

from __future__ import annotations

from itertools import islice
from typing import Any

from parity.activities.models import Activity
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.services import reviewed_markers_restore

LOOKUP_CHUNK = 500  # identifiers per IN (...): SQLite caps the parameters of one query


def refresh_flags_after_import(sender: type, identifiers: list[str], **kwargs: Any) -> None:
    remaining = iter(identifiers)
    while chunk := list(islice(remaining, LOOKUP_CHUNK)):
        ids = list(Activity.objects.filter(iati_identifier__in=chunk).values_list("id", flat=True))
        if ids:
            reviewed_markers_restore(ids)
            flags_refresh(ids)
