"""parity touch-data: mark every cached page out of date (after editing the database by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parity.pagekit import freshness


class Command(BaseCommand):
    help = (
        "Move the data generation on, so that no cached page from before is served again. "
        "Parity does this itself after every change it makes; run it after editing the "
        "database outside Parity."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        freshness.bump()
        self.stdout.write(f"Data generation is now {freshness.current()}.")
