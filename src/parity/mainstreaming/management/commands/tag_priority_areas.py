"""`parity tag-priority-areas`: JICA priority-area tags from the DAC sector rules."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.activities.models import Activity
from parity.mainstreaming.errors import TaggingError
from parity.mainstreaming.tagging import priority_tags_apply


class Command(BaseCommand):
    help = (
        "Tag activities with JICA's five priority areas by the rules on DAC sector codes. "
        "Re-running replaces automatic tags only; tags set by hand are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reporting-org", default="", help="Only this organisation's")

    def handle(self, *args, **options) -> None:
        ids = None
        if options["reporting_org"]:
            ids = Activity.objects.filter(reporting_org__ref=options["reporting_org"]).values_list(
                "pk", flat=True
            )
        try:
            counts = priority_tags_apply(ids)
        except TaggingError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Priority areas: {counts.automatic} automatic tags on {counts.activities} "
            f"activities ({counts.kept_manual} left to the tags set by hand)."
        )
