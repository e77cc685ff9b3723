"""The files of one import run, imported side by side in worker processes (``--jobs N``).

PostgreSQL only: SQLite lets one process write at a time, so workers would only queue for its
lock (``why_one_at_a_time`` says so, and the run goes one file after another). The parent has
created the run; it forks one worker process per file, at most N at a time. Each worker opens
its own database connection and imports its file with the ordinary Importer: the same
batches, the same file record, the run's totals added in the same transaction as the record.
Bytes read and activities written come back through a pipe of the worker's own, and the
parent feeds them to the importer's own progress callbacks, so a command shows one progress
display and the web one run's progress. A file whose import raises is recorded as failed and
the others go on.

A worker that dies (killed, out of memory, crashed) takes only its file along: what it
committed stays (whole activities: each chunk is one transaction, and the server rolls back
the open one), the file is imported again once in a new worker (what is already written counts
as unchanged), and if that worker dies too the file is recorded as failed, with how the worker
ended; the other files complete either way. A process per file also gives every file a fresh
heap, and a killed worker cannot leave a lock held on a channel the others share.

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
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
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
ATTEMPTS = 2  # a file whose worker dies is imported once more before it is recorded as failed


WORKER = "the worker process importing it "


class WorkerDiedError(Exception):
    """The process importing a file ended without finishing it (what the file's record says)."""


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


@dataclass
class Worker:
    process: Any  # multiprocessing's forked Process
    messages: Connection  # the parent's end of the worker's pipe
    path: Path
    name: str
    attempt: int
    error: str = ""  # what the worker said raised, when it could say it


def import_files(
    importer: Importer, run: ImportRun, files: list[tuple[Path, str]], jobs: int
) -> None:
    """Import ``files`` (path, name) into ``run`` in at most ``jobs`` worker processes."""
    context = multiprocessing.get_context("fork")
    detached = copy.copy(importer)
    detached.progress = detached.loaded = None  # the parent's callbacks stay in the parent
    relay = Relay(importer)
    waiting = deque((path, name, 1) for path, name in files)
    running: dict[Any, Worker] = {}  # by the process's sentinel
    retried: dict[str, str] = {}  # file name: how its first worker ended
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                path, name, attempt = waiting.popleft()
                worker = _start(context, detached, run.pk, path, name, attempt)
                running[worker.process.sentinel] = worker
            pipes = {w.messages: w for w in running.values() if not w.messages.closed}
            ready = wait([*running, *pipes], timeout=RELAY_INTERVAL)
            for pipe in pipes:
                relay.drain(pipes[pipe])
            for sentinel in ready:
                if sentinel not in running:
                    continue  # a pipe
                worker = running.pop(sentinel)
                worker.process.join()
                relay.drain(worker)
                worker.messages.close()
                if worker.process.exitcode == 0:
                    if worker.name in retried:
                        _note_retry(run, worker.name, retried[worker.name])
                    continue
                how = _ending(worker)
                if ImportFile.objects.filter(run=run, name=worker.name).exists():
                    continue  # it recorded the file before it ended (the record says how)
                if worker.attempt < ATTEMPTS:
                    retried[worker.name] = how
                    waiting.append((worker.path, worker.name, worker.attempt + 1))
                    continue
                first = retried.get(worker.name)
                if first:
                    how = f"{first}; a second one, started to import it again, {how[len(WORKER) :]}"
                importer.record_failure(run, worker.path, worker.name, WorkerDiedError(how))
    except BaseException:
        for worker in running.values():  # stop them mid-file: their open chunks roll back
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.process.pid, signal.SIGKILL)
        for worker in running.values():
            worker.process.join()
        raise


def _start(context: Any, importer: Importer, run_id: int, path: Path, name: str, attempt: int):
    # A forked worker would share the parent's open connection (one socket, two talkers):
    # close it before each fork; each side opens its own when it next needs one.
    connections.close_all()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_work,
        args=(importer, send, os.getpid(), run_id, path, name),
        name=f"parity-import-{name}",
    )
    process.start()
    send.close()  # the worker's end lives in the worker: its death closes the pipe
    return Worker(process, receive, path, name, attempt)


def _ending(worker: Worker) -> str:
    """How a worker that did not finish its file ended, in words for the file's record."""
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = f"signal {-code}"
        how = f"{WORKER}was killed by {signame}"
    else:
        how = f"{WORKER}ended with exit code {code}"
    return f"{how} ({worker.error})" if worker.error else how


def _note_retry(run: ImportRun, name: str, how: str) -> None:
    ImportFile.objects.filter(run=run, name=name).update(
        error=f"{name}: {how}; imported again in a new worker process."
    )


class Relay:
    """The parent's side of the pipes: workers' progress into the importer's callbacks."""

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.on_read: dict[str, Any] = {}

    def drain(self, worker: Worker) -> None:
        pipe = worker.messages
        try:
            while not pipe.closed and pipe.poll():
                kind, name, value = pipe.recv()
                self.handle(worker, kind, name, value)
        except (EOFError, OSError):  # the worker ended: nothing more will come
            pipe.close()

    def handle(self, worker: Worker, kind: str, name: str, value: Any) -> None:
        if kind == "started" and self.importer.progress:
            self.on_read[name] = self.importer.progress(name, value)
        elif kind == "read" and name in self.on_read:
            self.on_read[name](value)
        elif kind == "loaded" and self.importer.loaded:
            self.importer.loaded(value)
        elif kind == "error":
            worker.error = value


def _work(
    importer: Importer, messages: Connection, parent: int, run_id: int, path: Path, name: str
) -> None:
    """A worker's life: one file."""
    die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
    reporter = Reporter(messages, name)
    importer.progress = reporter.started
    importer.loaded = reporter.loaded
    try:
        importer.import_one(ImportRun.objects.get(pk=run_id), path, name)
    except BaseException as error:  # import_one records what it can; this is what it could not
        reporter.flush()
        messages.send(("error", name, f"{type(error).__name__}: {error}"))
        raise
    finally:
        reporter.flush()
        connections.close_all()


class Reporter:
    """A worker's progress for one file, sent at most every RELAY_INTERVAL seconds."""

    def __init__(self, messages: Connection, name: str) -> None:
        self.messages = messages
        self.name = name
        self.read_bytes = 0
        self.loaded_activities = 0
        self.last = time.monotonic()

    def started(self, name: str, size: int) -> Any:
        self.messages.send(("started", self.name, size))
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
            self.messages.send(("read", self.name, self.read_bytes))
            self.read_bytes = 0
        if self.loaded_activities:
            self.messages.send(("loaded", self.name, self.loaded_activities))
            self.loaded_activities = 0
