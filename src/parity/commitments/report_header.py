"""What a progress report's running header names: whose pledges they are, and how recent the
data behind the figures is."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max

from parity.activities.models import Activity


def report_organisation(subject: Any, reports: list[Any]) -> str:
    """The framework's owner, else the pledges' announcers (as the source names them)."""
    owner = getattr(subject, "owner", "")
    if owner:
        return owner
    announcers = sorted({r.pledge.announced_by for r in reports if r.pledge.announced_by})
    return "; ".join(announcers)


def data_date() -> date | None:
    """The day the activity data was last written (an import, a load): the date of the data."""
    latest = Activity.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest.date() if latest else None
