"""The background worker's figure rebuild (huey finds this module in every installed app)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from parity.analytics.refresh import refresh_pending


@db_task()
def refresh_figures_task() -> None:
    refresh_pending()
