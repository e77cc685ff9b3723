"""`parity serve`: the development web server on 127.0.0.1:8000 (use gunicorn in production),
with a background worker (`parity worker`) beside it, so uploads import with nothing else to run.

The worker is kept alive: when it dies (killed, out of memory), the import it was doing is marked
failed at once, so it can be retried, and a new worker is started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from parity.activities.importer import mark_abandoned_runs

QUICK_DEATH = 10.0  # seconds: a worker dying sooner is restarted after a growing pause
MAX_PAUSE = 60.0


class WorkerKeeper:
    """Runs `parity worker` and starts it again whenever it stops, until ``stop``."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        process = self.spawn()
        if process is not None:
            threading.Thread(target=self.keep, args=(process,), daemon=True).start()

    def spawn(self) -> subprocess.Popen | None:
        with self.lock:
            if self.stopping.is_set():
                return None
            self.process = subprocess.Popen([sys.executable, "-m", "parity", "worker"])
            return self.process

    def keep(self, process: subprocess.Popen) -> None:
        quick_deaths = 0
        while True:
            started = time.monotonic()
            code = process.wait()
            if self.stopping.is_set():
                return
            try:
                failed = mark_abandoned_runs()  # its process is gone: its run failed, now
            finally:
                connections.close_all()  # this thread's connection, not the server's
            quick_deaths = quick_deaths + 1 if time.monotonic() - started < QUICK_DEATH else 0
            # A worker that dies on starting (bad settings) is not restarted in a tight loop.
            pause = min(2.0**quick_deaths - 1, MAX_PAUSE)
            self.say(
                f"The worker stopped (exit code {code}; {failed} import(s) marked failed, "
                f"retryable); starting a new one{f' in {pause:.0f} s' if pause else ''}."
            )
            if self.stopping.wait(pause):
                return
            replacement = self.spawn()
            if replacement is None:
                return
            process = replacement

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


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
        keeper = None
        if wanted and not immediate:
            keeper = WorkerKeeper(lambda text: self.stderr.write(text))
            keeper.start()
            # Stopped with SIGTERM (not only Ctrl-C), still stop the worker on the way out.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", options["addrport"], use_reloader=options["reload"])
        finally:
            if keeper is not None:
                keeper.stop()
