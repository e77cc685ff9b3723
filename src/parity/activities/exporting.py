"""Exporting activities from the database as IATI 2.03 XML, streaming."""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import QuerySet

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.models import Activity
from parity.iati.writer import write_activities


def export_activities(activities: QuerySet[Activity], out: BinaryIO) -> int:
    """Write every activity of the queryset, with its budgets, transactions and locations."""
    return write_activities(activity_snapshots(activities, finance=True), out)
