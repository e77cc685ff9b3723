"""`parity demo`: the source document's facts, the labelled sample portfolio, a demo account."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from parity.activities import crs_demo
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Organisation
from parity.commitments.seed import load_seed

DEFAULT_SAMPLE_SIZE = 3000
DEMO_USER = "demo"


class Command(BaseCommand):
    help = "Load the demo: the seed's frameworks, events, pledges and activities, plus sample data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-sample", action="store_true", help="Leave out the sample data")
        parser.add_argument(
            "--sample-size", type=int, default=DEFAULT_SAMPLE_SIZE, help="Sample activities"
        )
        parser.add_argument(
            "--remove-sample", action="store_true", help="Delete the sample data and stop"
        )
        parser.add_argument("--no-account", action="store_true", help="Create no demo account")
        parser.add_argument(
            "--no-crs", action="store_true", help="Leave out the real OECD CRS extract"
        )

    def handle(self, *args, **options) -> None:
        if options["remove_sample"]:
            removed = remove_sample()
            self.stdout.write(f"Removed {removed} sample activities.")
            return
        if options["sample_size"] < 0:
            raise CommandError("--sample-size must be 0 or more.")
        counts = load_seed()
        self.stdout.write(
            "Loaded from the source document: {frameworks} frameworks, {events} events, "
            "{pledges} pledges, {activities} activities.".format(**counts)
        )
        if not options["no_sample"] and options["sample_size"]:
            loaded = load_sample(options["sample_size"])
            self.stdout.write(f"Loaded {loaded} sample activities (labelled 'sample data').")
        if not options["no_crs"]:
            self.stdout.write(crs_demo.describe(crs_demo.load_demo_crs()))
        call_command("tag_priority_areas", stdout=self.stdout)
        call_command("check_markers", "--summary", stdout=self.stdout)
        call_command("refresh_figures", stdout=self.stdout)
        call_command("refresh_pledges", stdout=self.stdout)
        if not options["no_crs"]:  # the first suggestion model, from the real CRS markers only
            call_command("train_marker_model", stdout=self.stdout)
        if not options["no_account"]:
            self.stdout.write(ensure_demo_account())


def load_sample(size: int) -> int:
    from parity.sample import generate_portfolio

    counts = ActivityLoader(is_sample=True, source_note="Synthetic sample data").load(
        generate_portfolio(size)
    )
    return counts.loaded


@transaction.atomic
def remove_sample() -> int:
    samples = Activity.objects.filter(is_sample=True)
    count = samples.count()
    samples.delete()
    Organisation.objects.filter(is_sample=True, reported_activities__isnull=True).delete()
    return count


def ensure_demo_account() -> str:
    users = get_user_model()
    if users.objects.filter(username=DEMO_USER).exists():
        return (
            f"The demo account '{DEMO_USER}' already exists; "
            f"set a new password with: parity changepassword {DEMO_USER}"
        )
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(DEMO_USER, email="", password=password)
    return (
        f"Demo account created. Log in at /accounts/login/ (on the address it serves) as "
        f"'{DEMO_USER}' with the password {password} (shown only this once)."
    )
