"""parity protection-enrolment-code: issue a second-factor enrolment code from the server."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity.protection import audit, enrolment, factor


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code for a user's second factor (the first supervisor of "
        "an agency, or an administrator); supervisors issue their members' codes on the "
        "/protection/enrolment/ page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user {username!r}.")
        if not factor.required_for(user):
            raise CommandError(
                f"{username} needs no second factor: give them a protection membership, or "
                "staff rights with a permission on protection data, first."
            )
        code = enrolment.issue(user, None)
        audit.record(None, "auth.enrol_code", "", note=f"user {user.pk} from the command line")
        self.stdout.write(f"Enrolment code for {username} (shown once, valid 72 hours): {code}")
