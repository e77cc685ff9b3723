"""`parity stats [--json] [--reporting-org REF]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from parity.activities.stats import database_stats


class Command(BaseCommand):
    help = "Counts and sums of what the database holds, to check an import against its source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--reporting-org", default="")

    def handle(self, *args, **options) -> None:
        stats = database_stats(options["reporting_org"])
        if options["json"]:
            self.stdout.write(json.dumps(stats, indent=2))
            return
        self.stdout.write(f"Activities: {stats['activities']}")
        self.stdout.write(f"Transactions: {stats['transactions']}")
        for code, count in stats["transactions_by_type"].items():
            self.stdout.write(f"  type {code}: {count}")
        for code, by_currency in stats["transaction_value_by_type_and_currency"].items():
            for currency, total in by_currency.items():
                self.stdout.write(f"  type {code} value in {currency}: {total}")
        self.stdout.write(f"Budgets: {stats['budgets']}")
        self.stdout.write(f"Policy markers: {stats['policy_markers']}")
        for row in stats["policy_markers_by_vocabulary_code_significance"]:
            self.stdout.write(
                f"  vocabulary {row['vocabulary']} code {row['code']} "
                f"significance {row['significance']}: {row['count']}"
            )
        for score, count in stats["gender_marker"].items():
            self.stdout.write(f"Gender marker {score}: {count}")
        self.stdout.write(f"Results: {stats['results']}, indicators: {stats['indicators']}")
