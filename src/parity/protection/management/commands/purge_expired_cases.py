"""parity purge-expired-cases: anonymise cases closed longer than the retention period."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from parity.protection import audit, conf
from parity.protection.retention import anonymise_expired


class Command(BaseCommand):
    help = "Erase identifying details of cases closed more than PROTECTION_RETENTION_DAYS ago."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="override the period")

    def handle(self, *args, days=None, **options) -> None:
        days = conf.retention_days() if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        numbers = anonymise_expired(cutoff)
        for number in numbers:
            audit.record(None, "case.anonymise", number, note=f"retention {days} days")
        self.stdout.write(f"Anonymised {len(numbers)} cases closed before {cutoff:%Y-%m-%d}.")
