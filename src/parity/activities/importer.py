"""Importing IATI activity files: reading (parity.iati), loading, and the record of the run.

A run takes files and folders. Each file is hashed first: a file already imported with the
same SHA-256 is skipped unless forced. A file is then streamed through the reader and the
loader; activities the reader rejects are recorded with file, line, identifier, element and
reason. A file that is not XML, not IATI or unsafe is refused whole (the reader raises before
yielding anything); a file that breaks partway keeps the activities before the break and
marks the run incomplete with the line and column of the break.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from parity.activities import parallel
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, ImportFile, ImportRejection, ImportRun
from parity.activities.signals import activities_imported, figures_outdated, import_starting
from parity.iati.errors import BrokenXMLError, IATIFileError
from parity.iati.model import Activity as IatiActivity
from parity.iati.model import RejectedActivity
from parity.iati.reader import read_activities

HASH_CHUNK = 1 << 20
TOTALS = ("created", "updated", "unchanged", "rejected", "with_notes")
ProgressFactory = Callable[[str, int], Callable[[int], None]]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every *.xml file under a folder, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".xml"))
        else:
            found.append(path)
    return found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class CountingReader:
    """A file wrapper that reports bytes read, so a progress bar can follow the parser."""

    def __init__(self, handle: BinaryIO, on_read: Callable[[int], None] | None) -> None:
        self.handle = handle
        self.on_read = on_read
        self.name = getattr(handle, "name", "")

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        if self.on_read and data:
            self.on_read(len(data))
        return data

    # After a break the reader reads the file again up to it (reader.py, _count_ended).
    def seekable(self) -> bool:
        return self.handle.seekable()

    def tell(self) -> int:
        return self.handle.tell()

    def seek(self, offset: int) -> int:
        self.on_read = None  # a second pass over bytes already counted
        return self.handle.seek(offset)


@dataclass
class FileOutcome:
    rejected: list[RejectedActivity] = field(default_factory=list)
    broken: BrokenXMLError | None = None


def split_rejections(items: Iterable[IatiActivity | RejectedActivity], outcome: FileOutcome):
    """Pass activities on to the loader; keep rejections, and stop quietly at a break."""
    try:
        for item in items:
            if isinstance(item, RejectedActivity):
                outcome.rejected.append(item)
            else:
                yield item
    except BrokenXMLError as error:
        outcome.broken = error


def mark_abandoned_runs() -> int:
    """Runs left 'running' by a process that no longer exists (killed, crashed) failed.

    Only runs of this machine are checked: a process id means nothing on another host (a
    worker elsewhere, behind the Redis queue).
    """
    abandoned = 0
    here = Q(host="") | Q(host=socket.gethostname())
    for run in ImportRun.objects.filter(here, status=ImportRun.RUNNING).exclude(pid=None):
        if not process_alive(run.pid):
            run.status = ImportRun.FAILED
            run.message = "The import process stopped before the end; run it again to finish."
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "message", "finished_at"])
            abandoned += 1
    return abandoned


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Importer:
    expand = staticmethod(expand_paths)  # the files to read of the paths given

    def __init__(
        self,
        *,
        force: bool = False,
        started_by: str = "",
        progress: ProgressFactory | None = None,
        after_file: Callable[[list[str]], None] | None = None,
        loaded: Callable[[int], None] | None = None,
    ) -> None:
        self.force = force
        self.started_by = started_by
        self.progress = progress
        self.after_file = after_file
        self.loaded = loaded  # told how many activities each batch wrote (web progress)

    def run(
        self, paths: Iterable[str | Path], run: ImportRun | None = None, jobs: int = 1
    ) -> ImportRun:
        """Import the files of ``paths`` into one run; ``jobs`` worker processes where the
        database allows it (``parallel.why_one_at_a_time``), else one file after another."""
        mark_abandoned_runs()
        if run is None:
            run = ImportRun.objects.create(
                started_by=self.started_by,
                pid=os.getpid(),
                host=socket.gethostname(),
                forced=self.force,
            )
        try:
            import_starting.send(sender=type(self), run=run)
            files = [(path, self.name_of(path)) for path in self.expand(paths)]
            if jobs > 1 and len(files) > 1 and not parallel.why_one_at_a_time():
                parallel.import_files(self, run, files, jobs)
            else:
                for path, name in files:
                    self.import_one(run, path, name)
        except BaseException as error:
            run.status = ImportRun.FAILED
            run.message = f"Stopped by {type(error).__name__}: {error}"
            run.finished_at = timezone.now()
            run.save()
            raise
        run.refresh_from_db(fields=TOTALS)  # the files' records added to them as they committed
        statuses = set(run.files.values_list("status", flat=True))
        refused = {ImportFile.BROKEN, ImportFile.REFUSED}
        run.status = ImportRun.INCOMPLETE if statuses & refused else ImportRun.COMPLETE
        run.finished_at = timezone.now()
        run.save()
        if ImportFile.IMPORTED in statuses:
            figures_outdated.send(sender=type(self), reason=f"import #{run.pk}")
        return run

    def name_of(self, path: Path) -> str:
        """The name a file is recorded under (its report, its activities' source_file)."""
        return str(path)

    def import_one(self, run: ImportRun, path: Path, name: str) -> ImportFile:
        """``import_file``, recording a file whose import raises as failed (the others go on)."""
        try:
            return self.import_file(run, path, name)
        except Exception as error:
            return self.record_failure(run, path, name, error)

    def record_failure(
        self, run: ImportRun, path: Path, name: str, error: BaseException
    ) -> ImportFile:
        return ImportFile.objects.create(
            run=run,
            name=name,
            sha256="",
            size=path.stat().st_size if path.is_file() else 0,
            status=ImportFile.BROKEN,
            error=f"{name}: the import stopped on {type(error).__name__}: {error}. "
            "Activities written before it are kept whole; import the file again to finish.",
        )

    def import_file(self, run: ImportRun, path: Path, name: str) -> ImportFile:
        if not path.is_file():
            return self.record_refusal(run, name, "", 0, f"{name}: no such file")
        digest, size = sha256_of(path), path.stat().st_size
        already = ImportFile.objects.filter(sha256=digest, status=ImportFile.IMPORTED)
        if not self.force and already.exists():
            return ImportFile.objects.create(
                run=run, name=name, sha256=digest, size=size, status=ImportFile.SKIPPED
            )
        loader = ActivityLoader(source_file=name, announce=True)
        outcome = FileOutcome()
        on_read = self.progress(name, size) if self.progress else None
        try:
            with path.open("rb") as handle:
                items = read_activities(CountingReader(handle, on_read), name=name)
                loader.load(split_rejections(items, outcome), progress=self.loaded)
        except IATIFileError as error:
            return self.record_refusal(run, name, digest, size, str(error))
        identifiers = sorted(loader.counts.identifiers)
        # The receivers (evidence flags) first: a file is recorded as imported, and so skipped
        # by its hash next time, only once they are done; a kill before then leaves it unrecorded.
        activities_imported.send(sender=type(self), identifiers=identifiers)
        record = self.record_file(run, name, digest, size, loader, outcome)
        if self.after_file:
            self.after_file(identifiers)
        return record

    def record_refusal(
        self, run: ImportRun, name: str, digest: str, size: int, message: str
    ) -> ImportFile:
        return ImportFile.objects.create(
            run=run, name=name, sha256=digest, size=size, status=ImportFile.REFUSED, error=message
        )

    @transaction.atomic
    def record_file(
        self,
        run: ImportRun,
        name: str,
        digest: str,
        size: int,
        loader: ActivityLoader,
        outcome: FileOutcome,
    ) -> ImportFile:
        counts = loader.counts
        broken = outcome.broken
        record = ImportFile.objects.create(
            run=run,
            name=name,
            sha256=digest,
            size=size,
            status=ImportFile.BROKEN if broken else ImportFile.IMPORTED,
            error=str(broken) if broken else "",
            error_line=broken.line if broken else None,
            error_column=broken.column if broken else None,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=len(outcome.rejected) + len(counts.rejected),
            with_notes=counts.with_notes,
            duplicates=sorted(set(counts.duplicates)),
            disappeared=[] if broken else disappeared_from(name, counts.identifiers),
        )
        ImportRejection.objects.bulk_create(
            [
                ImportRejection(
                    file=record,
                    line=r.line,
                    identifier=r.identifier[:300],
                    element=r.element[:300],
                    reason=r.reason,
                )
                for r in outcome.rejected
            ]
            + [
                ImportRejection(file=record, identifier=identifier[:300], reason=reason)
                for identifier, reason in counts.rejected
            ]
        )
        # Added in the database, not saved from memory: other processes add to the same run.
        ImportRun.objects.filter(pk=run.pk).update(
            **{total: F(total) + getattr(record, total) for total in TOTALS}
        )
        for total in TOTALS:
            setattr(run, total, getattr(run, total) + getattr(record, total))
        return record


def disappeared_from(name: str, seen: set[str]) -> list[str]:
    """Activities an earlier import of this same file wrote that this version no longer has.

    They are reported, not deleted: a publisher may have moved them to another file.
    """
    earlier = Activity.objects.filter(source_file=name).values_list("iati_identifier", flat=True)
    return sorted(identifier for identifier in earlier.iterator() if identifier not in seen)


def iter_summary(run: ImportRun) -> Iterator[dict]:
    # By name: files imported side by side finish in any order; the report does not depend on it.
    for record in run.files.order_by("name", "id"):
        yield {
            "file": record.name,
            "sha256": record.sha256,
            "status": record.status,
            "format": record.format,
            "error": record.error,
            "error_line": record.error_line,
            "error_column": record.error_column,
            "created": record.created,
            "updated": record.updated,
            "unchanged": record.unchanged,
            "with_notes": record.with_notes,
            "rejected": [
                {
                    "line": r.line,
                    "identifier": r.identifier,
                    "element": r.element,
                    "reason": r.reason,
                }
                for r in record.rejections.all()
            ],
            "duplicates": record.duplicates,
            "disappeared": record.disappeared,
        }


def run_summary(run: ImportRun) -> dict:
    return {
        "run": run.pk,
        "status": run.status,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "with_notes": run.with_notes,
        "files": list(iter_summary(run)),
    }
