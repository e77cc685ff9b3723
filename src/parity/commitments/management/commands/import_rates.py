"""`parity import-rates FILE.csv`: load an exchange-rate table, whole or not at all."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.commitments.rates import rates_import, read_rates_file
from parity.money import RatesFileError


class Command(BaseCommand):
    help = (
        "Load exchange rates (units of each currency per US dollar) from a CSV file. "
        "Nothing is loaded unless every line is good; see docs/pledges.md for the columns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="Source for rows without one")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            rows = read_rates_file(path, source=options["source"])
            counts = rates_import(rows)
        except (RatesFileError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            f"Loaded {counts.total} exchange rates from {path.name}: "
            f"{counts.created} new, {counts.updated} updated."
        )
