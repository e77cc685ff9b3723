"""`parity figures [--json] [--FILTER VALUE ...]`: the dashboard's figures on the command line.

The same filters as the dashboard and ``GET /api/figures`` (``--year-from`` or ``--year_from``)
and, with ``--json``, the same JSON, so that an analyst can script them.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.analytics import exports, selectors
from parity.analytics.definitions import FIGURES
from parity.analytics.filters import PARAMETERS, FilterError, parse_filters


class Command(BaseCommand):
    help = (
        "Print the dashboard's figures under the filters: as JSON equal to GET /api/figures "
        "(--json), or each figure's table as CSV under its title and basis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="The JSON of GET /api/figures")
        filters = parser.add_argument_group("filters (as on the dashboard; docs/analytics.md)")
        for name in PARAMETERS:
            dashed = name.replace("_", "-")
            spellings = [f"--{dashed}", f"--{name}"] if dashed != name else [f"--{name}"]
            filters.add_argument(*spellings, dest=f"filter_{name}", metavar="VALUE")

    def handle(self, *args, **options) -> None:
        given = {
            name: options[f"filter_{name}"]
            for name in PARAMETERS
            if options[f"filter_{name}"] is not None
        }
        try:
            filters = parse_filters(given)
        except FilterError as error:
            option = "--" + error.field.replace("_", "-")
            raise CommandError(f"{option}: {str(error).split(': ', 1)[1]}") from None
        if options["json"]:
            self.stdout.write(json.dumps(selectors.figures(filters), ensure_ascii=False, indent=1))
            return
        basis = selectors.basis_of(filters)
        self.stdout.write(f"Basis: {basis.describe()}")
        for name, table in selectors.figure_tables(filters).items():
            figure = FIGURES[name]
            self.stdout.write(f"\n{figure.title} ({name})")
            self.stdout.write(exports.to_csv(table, basis if figure.money else None).rstrip("\n"))
