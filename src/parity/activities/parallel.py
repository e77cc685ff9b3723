"""The files of one import run, imported side by side in worker processes (``--jobs N``).

PostgreSQL only: SQLite lets one process write at a time, so workers would only queue for its
lock (``why_one_at_a_time`` says so, and the run goes one file after another). The parent has
created the run; it forks N workers and hands them one file at a time. Each worker opens its
own database connection and imports the file with the ordinary Importer: the same batches, the
same file record, the run's totals added in the same transaction as the record. Bytes read and
activities written come back through a queue, and the parent feeds them to the importer's own
progress callbacks, so a command shows one progress display and the web one run's progress.
A file whose import raises is recorded as failed and the others go on.

Workers die with the parent (PR_SET_PDEATHSIG, as the upload's import process does): a parent
killed with SIGKILL takes its workers along, their open transactions roll back, and only whole
activities stay. The run, recorded under the parent's process id, then shows as failed
(``mark_abandoned_runs``), and a re-run imports what was missing.
"""

from __future__ import annotations

import contextlib
import copy
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, connections

from parity.activities.dies_with_parent import die_with
from parity.activities.models import ImportFile, ImportRun


class Importer(Protocol):
    """What a worker needs of ``importer.Importer`` (named here, not imported: the importer
    imports this module)."""

    progress: Callable[[str, int], Callable[[int], None]] | None
    loaded: Callable[[int], None] | None

    def import_one(self, run: ImportRun, path: Path, name: str) -> ImportFile: ...

    def record_failure(
        self, run: ImportRun, path: Path, name: str, error: BaseException
    ) -> ImportFile: ...


RELAY_INTERVAL = 0.2  # seconds between a worker's progress messages, and the parent's looks

# Set in each worker by _start_worker: where its progress messages go.
_messages: Any = None


def why_one_at_a_time() -> str:
    """Why this database cannot take an import in several processes ("" when it can)."""
    if connection.vendor == "sqlite":
        return (
            "SQLite lets only one process write at a time, so the files are imported one "
            "after another; parallel imports need PostgreSQL"
        )
    if connection.in_atomic_block:
        return "the import runs inside a transaction, which worker processes cannot see"
    if "fork" not in multiprocessing.get_all_start_methods():
        return "this system cannot fork worker processes"
    return ""


def import_files(
    importer: Importer, run: ImportRun, files: list[tuple[Path, str]], jobs: int
) -> None:
    """Import ``files`` (path, name) into ``run`` in ``jobs`` worker processes."""
    # Forked workers would share the parent's open connection (one socket, two talkers):
    # close it, and each side opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    relay = Relay(importer, messages)
    detached = copy.copy(importer)
    detached.progress = detached.loaded = None  # the parent's callbacks stay in the parent
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(messages, os.getpid()),
    )
    try:
        pending: dict[Future, tuple[Path, str]] = {
            executor.submit(_import_one, detached, run.pk, path, name): (path, name)
            for path, name in files
        }
        while pending:
            done, _running = wait(pending, timeout=RELAY_INTERVAL, return_when=FIRST_COMPLETED)
            relay.drain()
            for future in done:
                path, name = pending.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    raise error  # a worker died (killed, out of memory): the run stops
                if error is not None:  # the worker could not even record the failure
                    importer.record_failure(run, path, name, error)
        executor.shutdown()
        relay.drain()  # what the workers sent while they finished
    except BaseException:
        relay.drain()  # every worker's process id, then stop them mid-file
        for pid in relay.workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        executor.shutdown(wait=True, cancel_futures=True)
        raise


class Relay:
    """The parent's side of the queue: workers' progress into the importer's callbacks."""

    def __init__(self, importer: Importer, messages: Any) -> None:
        self.importer = importer
        self.messages = messages
        self.on_read: dict[str, Any] = {}
        self.workers: list[int] = []

    def drain(self) -> None:
        while True:
            try:
                kind, name, value = self.messages.get_nowait()
            except queue.Empty:
                return
            if kind == "worker":
                self.workers.append(value)
            elif kind == "started" and self.importer.progress:
                self.on_read[name] = self.importer.progress(name, value)
            elif kind == "read" and name in self.on_read:
                self.on_read[name](value)
            elif kind == "loaded" and self.importer.loaded:
                self.importer.loaded(value)


def _start_worker(messages: Any, parent: int) -> None:
    global _messages
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
    connections.close_all()  # nothing inherited is used: this process opens its own
    _messages = messages
    messages.put(("worker", "", os.getpid()))


def _import_one(importer: Importer, run_id: int, path: Path, name: str) -> None:
    reporter = Reporter(_messages, name)
    importer.progress = reporter.started
    importer.loaded = reporter.loaded
    try:
        importer.import_one(ImportRun.objects.get(pk=run_id), path, name)
    finally:
        reporter.flush()


class Reporter:
    """A worker's progress for one file, sent at most every RELAY_INTERVAL seconds."""

    def __init__(self, messages: Any, name: str) -> None:
        self.messages = messages
        self.name = name
        self.read_bytes = 0
        self.loaded_activities = 0
        self.last = time.monotonic()

    def started(self, name: str, size: int) -> Any:
        self.messages.put(("started", self.name, size))
        return self.read

    def read(self, count: int) -> None:
        self.read_bytes += count
        self.maybe_flush()

    def loaded(self, count: int) -> None:
        self.loaded_activities += count
        self.maybe_flush()

    def maybe_flush(self) -> None:
        if time.monotonic() - self.last >= RELAY_INTERVAL:
            self.flush()

    def flush(self) -> None:
        self.last = time.monotonic()
        if self.read_bytes:
            self.messages.put(("read", self.name, self.read_bytes))
            self.read_bytes = 0
        if self.loaded_activities:
            self.messages.put(("loaded", self.name, self.loaded_activities))
            self.loaded_activities = 0
