"""Figures that refresh themselves: a change queues a rebuild on the background worker.

An import, a review approval or a rates file sends ``figures_outdated``; the receiver records a
``FigureRefresh`` request and queues ``refresh_figures_task`` once the change is committed.
Requests not yet started are one: ten approvals in a minute queue one rebuild, not ten. The
worker rebuilds the fact table (``facts.facts_refresh``) and every pledge's stored progress,
so no visitor is ever asked to run a command; the dashboard says while a rebuild is pending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from huey.contrib.djhuey import db_task

from parity.analytics.facts import facts_refresh
from parity.analytics.lookups import build_currency
from parity.analytics.models import FigureRefresh
from parity.commitments.selectors import pledges
from parity.commitments.tracking.pledge import refresh_progress

QUEUED, RUNNING = "queued", "running"


def refresh_request(reason: str) -> None:
    """Queue a rebuild once the current transaction commits (one per batch of changes)."""
    if FigureRefresh.objects.filter(started_at=None).exists():
        return
    FigureRefresh.objects.create(reason=reason[:100])
    transaction.on_commit(refresh_figures_task)


def figures_outdated_received(sender: Any, reason: str = "", **kwargs: Any) -> None:
    refresh_request(reason or getattr(sender, "__name__", str(sender)))


def refresh_pending() -> bool:
    """Rebuild the figures and pledge progress for every request not yet started.

    Returns whether there was anything to do (a second queued task finds nothing)."""
    pending = list(FigureRefresh.objects.filter(started_at=None).values_list("pk", flat=True))
    if not pending:
        return False
    claimed = FigureRefresh.objects.filter(pk__in=pending)
    claimed.update(started_at=timezone.now())
    try:
        facts_refresh(build_currency())
        for pledge in pledges().order_by("pk"):
            refresh_progress(pledge)
    except Exception as error:
        claimed.update(finished_at=timezone.now(), error=f"{type(error).__name__}: {error}")
        raise
    claimed.update(finished_at=timezone.now())
    return True


# Defined here, not in a tasks module: the app's ready() imports this module, so every worker
# process knows the task.
@db_task()
def refresh_figures_task() -> None:
    refresh_pending()


def refresh_done_by_command(started: datetime) -> None:
    """``parity refresh-figures`` did the work: requests made before it started need no task."""
    FigureRefresh.objects.filter(finished_at=None, requested_at__lte=started).update(
        started_at=started, finished_at=timezone.now()
    )


def refresh_state() -> str | None:
    """``running``, ``queued`` or None: what the dashboard says about a pending rebuild."""
    # One query: the dashboard asks this on every view, cached or not.
    found = FigureRefresh.objects.filter(finished_at=None).aggregate(
        open=Count("id"), started=Count("started_at")
    )
    if found["started"]:
        return RUNNING
    if found["open"]:
        return QUEUED
    return None
