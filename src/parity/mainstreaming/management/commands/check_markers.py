"""`parity check-markers`: run the evidence rules on every activity and store the flags."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, QuerySet

from parity.activities.models import Activity, DataNote
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.models import Flag
from parity.markers.messages import render


class Command(BaseCommand):
    help = (
        "Check every activity's gender marker against its evidence (parity.markers rules), "
        "store the flags and list them. Exits 0: flags are findings, not failures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the flags, and the data-quality notes counted, as JSON",
        )
        parser.add_argument("--reporting-org", default="", help="Only this organisation's")
        parser.add_argument(
            "--summary", action="store_true", help="Print counts by rule instead of every flag"
        )

    def handle(self, *args, **options) -> None:
        activities = Activity.objects.all()
        if options["reporting_org"]:
            activities = activities.filter(reporting_org__ref=options["reporting_org"])
        ids = list(activities.values_list("pk", flat=True))
        flags_refresh(ids)
        rows = (
            Flag.objects.filter(activity_id__in=activities.values("pk"))
            .order_by("activity__iati_identifier", "id")
            .values_list(
                "rule",
                "severity",
                "activity__iati_identifier",
                "element",
                "message_id",
                "message_args",
            )
        )
        if options["json"]:
            flags = [
                {
                    "rule": rule,
                    "severity": severity,
                    "activity": identifier,
                    "element": element,
                    "message": render(message_id, args),
                }
                for rule, severity, identifier, element, message_id, args in rows.iterator()
            ]
            quality = data_quality(activities)
            self.stdout.write(
                json.dumps(
                    {"activities": len(ids), "flags": flags, "data_quality": quality}, indent=1
                )
            )
            return
        if options["summary"]:
            counts = Counter(rule for rule, *_ in rows.iterator())
            self.stdout.write(
                f"Evidence checks: {sum(counts.values())} flags on {len(ids)} activities."
            )
            for rule, count in sorted(counts.items()):
                self.stdout.write(f"  {count:>7}  {rule}")
            quality = data_quality(activities)
            self.stdout.write(
                f"Data quality: {quality['notes']} notes on {quality['activities_with_notes']} "
                "activities kept with a bad part."
            )
            for part, count in quality["by_part"].items():
                self.stdout.write(f"  {count:>7}  {part}")
            return
        found = list(rows)
        width = max((len(identifier) for _, _, identifier, *_rest in found), default=8)
        self.stdout.write(f"{'activity':<{width}}  {'severity':<8}  rule: message")
        for rule, severity, identifier, _element, message_id, args in found:
            message = render(message_id, args)
            self.stdout.write(f"{identifier:<{width}}  {severity:<8}  {rule}: {message}")
        self.stdout.write(f"{len(found)} flags on {len(ids)} activities.")


def data_quality(activities: QuerySet[Activity]) -> dict:
    """How many of these activities were kept with data-quality notes (a part dropped, kept as
    given or mapped on import), and the notes counted by part and by what Parity did."""
    notes = DataNote.objects.filter(activity__in=activities.values("pk")).order_by()

    def counted(column: str) -> dict[str, int]:
        rows = notes.values(column).annotate(n=Count("id")).values_list(column, "n")
        return dict(sorted(rows))

    return {
        "activities_with_notes": notes.values("activity").distinct().count(),
        "notes": notes.count(),
        "by_part": counted("part"),
        "by_action": counted("action"),
    }
