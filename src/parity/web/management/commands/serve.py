"""`parity serve`: the development web server on 127.0.0.1:8000 (use gunicorn in production)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Parity (development server; for production run gunicorn parity.wsgi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes")

    def handle(self, *args, **options) -> None:
        call_command("runserver", options["addrport"], use_reloader=options["reload"])
