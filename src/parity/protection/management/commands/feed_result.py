"""parity feed-result: write a protection count into an aid activity's indicator, for a year."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.protection import results, services
from parity.protection.audit import Actor
from parity.protection.services import statistics


class Command(BaseCommand):
    help = (
        "Feed an activity's result from the protection statistics: the year's count (small "
        "counts stay suppressed) becomes the actual of one indicator, with a link back to the "
        "figure. --list numbers the activity's indicators."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("activity", help="IATI identifier of the activity")
        parser.add_argument("--list", action="store_true", help="List its indicators and stop")
        parser.add_argument("--indicator", type=int, help="Number from --list")
        parser.add_argument("--measure", default="cases", choices=statistics.MEASURES)
        parser.add_argument("--by", default="sex", choices=statistics.DIMENSIONS)
        parser.add_argument("--value", help="e.g. female")
        parser.add_argument("--year", type=int, help="Calendar year counted")
        parser.add_argument("--user", help="Who feeds it: a statistics role and the editor role")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["list"]:
                for number, indicator in enumerate(results.indicators_of(options["activity"]), 1):
                    self.stdout.write(f"{number}\t{indicator}")
                return
            missing = [f"--{n}" for n in ("indicator", "value", "year", "user") if not options[n]]
            if missing:
                raise CommandError(f"Give {', '.join(missing)} (or --list).")
            fed = results.feed_indicator(
                self._actor(options["user"]),
                options["activity"],
                options["indicator"],
                measure=options["measure"],
                dimension=options["by"],
                value=options["value"],
                year=options["year"],
            )
        except results.FeedError as error:
            raise CommandError(str(error)) from None
        except (services.NotAllowedError, services.CaseNotFoundError) as error:
            raise CommandError(
                f"{options['user']} may not feed results: {error} It takes the supervisor, "
                "auditor or statistics role here and the editor role in the aid data."
            ) from None
        verb = "Wrote" if fed.created else "Updated"
        self.stdout.write(
            f"{verb} {fed.value} as the {fed.year} actual of {fed.activity}, "
            f"indicator {fed.indicator!r} (figure: {fed.link})."
        )

    def _actor(self, username: str) -> Actor:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {username!r}.")
        return Actor(user=user, membership=services.membership_of(user))
