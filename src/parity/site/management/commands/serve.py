"""`parity serve`: the development web server on 127.0.0.1:8000 (use gunicorn in production),
with a background worker (`parity worker`) beside it, so uploads import with nothing else to run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Parity (development server; for production run gunicorn parity.wsgi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start `parity worker` beside it"
        )

    def handle(self, *args, **options) -> None:
        # The reloader runs this command again in a child (RUN_MAIN): one worker is enough.
        wanted = not options["no_worker"] and os.environ.get("RUN_MAIN") != "true"
        immediate = settings.HUEY.get("immediate", False)
        worker = None
        if wanted and not immediate:
            worker = subprocess.Popen([sys.executable, "-m", "parity", "worker"])
            # Stopped with SIGTERM (not only Ctrl-C), still stop the worker on the way out.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", options["addrport"], use_reloader=options["reload"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
