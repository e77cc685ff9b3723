"""`parity create-api-token USER [--name NAME]`: print a new API token for USER, once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parity import roles
from parity.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user; the token acts with the user's role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user", help="User name")
        parser.add_argument("--name", default="API token", help="What the token is for")

    def handle(self, *args, **options) -> None:
        model = get_user_model()
        try:
            user = model.objects.get(**{model.USERNAME_FIELD: options["user"]})
        except model.DoesNotExist:
            raise CommandError(f"No user {options['user']!r}: create it first.") from None
        if not user.is_active:
            raise CommandError(f"The user {options['user']!r} is inactive.")
        _token, secret = ApiToken.issue(user, options["name"][:100])
        role = roles.role_of(user) or "no role (read-only, like an anonymous visitor)"
        self.stderr.write(
            f"Token for {user} (role: {role}). It is shown only now: keep it secret.\n"
            "Send it as the header  Authorization: Bearer <token>"
        )
        self.stdout.write(secret)
