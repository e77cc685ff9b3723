"""`parity refresh-figures`: rebuild the dashboard's fact table from the activities."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from parity.analytics.facts import facts_refresh
from parity.analytics.models import FigureRow
from parity.analytics.refresh import refresh_done_by_command
from parity.iati import codelists


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard's figures from every activity's commitments, disbursements and "
        "expenditure, converted to one reporting currency. The worker does it after every "
        "import, review approval and rates file; run it by hand after raw SQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--currency", default="USD", help="Reporting currency (ISO 4217)")

    def handle(self, *args, **options) -> None:
        currency = options["currency"].upper()
        if not codelists.is_valid("Currency", currency):
            raise CommandError(f"{currency!r} is not a currency in the IATI codelist.")
        started = timezone.now()
        build = facts_refresh(currency)
        refresh_done_by_command(started)
        constant_only = FigureRow.objects.filter(amount=None, amount_constant__isnull=False)
        self.stdout.write(
            f"Figures: {build.transactions:,} transactions of {build.activities:,} activities "
            f"in {build.currency} ({build.unconverted:,} without an exchange rate, "
            f"{build.undated:,} left out for want of a date; {constant_only.count():,} CRS rows "
            f"whose file gives constant prices only count at constant prices) "
            f"in {build.seconds:.1f} s."
        )
