"""parity protection-stats: de-identified aggregates (small cells suppressed) as text or JSON."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from parity.protection.services import statistics


class Command(BaseCommand):
    help = "Print de-identified protection statistics with small cells suppressed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--measure", default="cases", choices=statistics.MEASURES)
        parser.add_argument("--by", default="sex", choices=statistics.DIMENSIONS)
        parser.add_argument("--year", type=int, help="Count only this calendar year")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, measure: str, by: str, json: bool = False, **options) -> None:
        try:
            table = statistics.table(measure, by, options.get("year"))
        except ValueError as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_dumps(table))
            return
        for key, value in table.cells.items():
            self.stdout.write(f"{key}\t{'suppressed' if value is None else value}")
        self.stdout.write(f"total\t{'suppressed' if table.total is None else table.total}")


def _dumps(table: statistics.Table) -> str:
    body = {"measure": table.measure, "by": table.dimension, "year": table.year}
    body["cells"] = table.cells
    body["total"] = table.total
    return json.dumps(body, indent=1)
