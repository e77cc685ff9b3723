"""`parity refresh-pledges`: compute the stored progress of every pledge that is out of date."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from parity.commitments import stored_progress
from parity.commitments.selectors import pledges
from parity.commitments.tracking.pledge import refresh_progress


class Command(BaseCommand):
    help = (
        "Recompute the stored money progress of each pledge whose inputs changed (run it "
        "after an import, so the first visitor of a pledge page does not wait for it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="recompute every pledge, even those that look up to date (after raw SQL)",
        )

    def handle(self, *args, **options) -> None:
        refreshed = total = 0
        started = time.perf_counter()
        for pledge in pledges().order_by("pk"):
            total += 1
            if options["all"]:
                stored_progress.forget(pledge)
            if refresh_progress(pledge):
                refreshed += 1
                self.stdout.write(f"  {pledge.slug}: recomputed", ending="\n")
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Pledge progress: {refreshed} of {total} pledges recomputed, the others were "
            f"up to date ({seconds:.1f} s)."
        )
