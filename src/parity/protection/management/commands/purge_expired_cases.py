"""parity purge-expired-cases: anonymise cases closed, and erase the details of hotline contacts
logged, longer than the retention period ago; then compact the database files."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from parity.protection import audit, conf
from parity.protection.retention import anonymise_expired, compact


class Command(BaseCommand):
    help = (
        "Erase identifying details of cases closed, and of contacts that never became cases "
        "logged, more than PROTECTION_RETENTION_DAYS ago; compact the database files."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="override the period")

    def handle(self, *args, days=None, **options) -> None:
        days = conf.retention_days() if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        purged = anonymise_expired(cutoff)
        for number in purged.cases:
            audit.record(None, "case.anonymise", number, note=f"retention {days} days")
        if purged.contacts:
            note = f"{purged.contacts} contacts, retention {days} days"
            audit.record(None, "contact.purge", "", note=note)
        kept = compact()
        self.stdout.write(
            f"Anonymised {len(purged.cases)} cases closed and erased the details of "
            f"{purged.contacts} contacts logged before {cutoff:%Y-%m-%d}; database compacted."
        )
        if kept:
            self.stderr.write(
                f"{kept} old row versions are still visible to a running transaction and stay "
                "in the table files until the next run."
            )
