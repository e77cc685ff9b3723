"""`parity export-iati [--reporting-org REF] [--country CODE] [--output FILE]`: IATI 2.03 XML."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.activities.exporting import export_activities
from parity.activities.models import Organisation
from parity.activities.selectors import ActivityFilter, activity_list


class Command(BaseCommand):
    help = "Write activities as IATI 2.03 XML (1.0x data is written with 2.03 codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reporting-org", default="", help="Only this organisation's")
        parser.add_argument("--country", default="", help="Only activities in this country")
        parser.add_argument("--output", "-o", default="-", help="File to write (default: stdout)")
        parser.add_argument(
            "--include-sample", action="store_true", help="Include the synthetic sample data"
        )

    def handle(self, *args, **options) -> None:
        criteria = ActivityFilter(
            reporting_org=options["reporting_org"],
            country=options["country"].upper(),
            sample="" if options["include_sample"] else "exclude",
        )
        activities = activity_list(criteria)
        if criteria.reporting_org and not activities.exists():
            # Checked before any file is opened: no empty export left behind to be mistaken.
            raise CommandError(self.no_match(criteria))
        if options["output"] == "-":
            count = export_activities(activities, sys.stdout.buffer)
        else:
            try:
                with open(options["output"], "wb") as out:
                    count = export_activities(activities, out)
            except OSError as error:
                raise CommandError(f"Cannot write {options['output']}: {error}") from None
        self.stderr.write(f"Wrote {count} activities.")

    def no_match(self, criteria: ActivityFilter) -> str:
        known = Organisation.objects.filter(ref=criteria.reporting_org).first()
        if known is None:
            similar = Organisation.objects.filter(ref__icontains=criteria.reporting_org)
            refs = list(similar.order_by("ref").values_list("ref", flat=True)[:5])
            hint = f" Similar references: {', '.join(refs)}." if refs else ""
            return (
                f"No organisation has the reference {criteria.reporting_org!r}: give the "
                f"reporting organisation's IATI reference, exactly.{hint}"
            )
        scope = f" in {criteria.country}" if criteria.country else ""
        sample = "" if criteria.sample != "exclude" else " (sample data left out: --include-sample)"
        return f"{known.ref} ({known.name}) reports no activity{scope}{sample}."
