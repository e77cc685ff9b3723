"""Imports run by the background worker (huey): an uploaded IATI or OECD CRS file, or a zip of
IATI files (iati_zip.py), with progress.

The web (or the API) stores the upload under the data folder, creates an ImportRun (status
running, no process yet) and enqueues ``import_upload``. The worker records its process id and
host on the run, then runs the ordinary Importer, writing progress (bytes read, activities
written) at most every PROGRESS_INTERVAL seconds. Each batch of activities is one transaction,
so a worker killed mid-import leaves only whole activities; the run it leaves "running" is then
marked failed by ``mark_abandoned_runs`` (its process is gone) and can be retried, which imports
the same stored file again (activities already written are updated in place, never doubled).

A zip of IATI files is unpacked into a folder beside it and its files imported into the one run,
in UPLOAD_JOBS worker processes on PostgreSQL (parallel.py), each under the name
``upload.zip/member.xml``; the folder is removed when the run ends.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from huey.contrib.djhuey import HUEY, db_task

from parity.activities import iati_zip
from parity.activities.crs_importer import CRSImporter, looks_like_crs
from parity.activities.importer import Importer, mark_abandoned_runs
from parity.activities.models import ImportFile, ImportRun

PROGRESS_INTERVAL = 0.5  # seconds between progress writes: fresh enough, and cheap
SNIFF_BYTES = 4096
UPLOAD_JOBS = 2  # worker processes for a zip of IATI files (PostgreSQL; SQLite: one)
IATI_ZIP = ".iati.zip"  # the stored name's suffix tells the worker what it holds


class UploadError(Exception):
    """An upload refused before it is queued; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400, field: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


def upload_limit_bytes() -> int:
    return settings.PARITY_UPLOAD_MAX_MB * 1024 * 1024


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def looks_like_xml(head: bytes) -> bool:
    """The first bytes of an XML document: a BOM and spaces at most before the first tag."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16: the parser decides
    return text.startswith(b"<")


class UploadImporter(Importer):
    """The Importer, naming the stored file by the name it was uploaded under (which is what
    the run's report and an activity's source_file show), and each file unpacked from a zip
    as ``upload.zip/member``."""

    def __init__(self, *, display_name: str, members: dict[Path, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.display_name = display_name
        self.members = members or {}

    def name_of(self, path: Path) -> str:
        if path in self.members:
            return f"{self.display_name}/{self.members[path]}"
        return self.display_name or str(path)


class CRSUploadImporter(UploadImporter, CRSImporter):
    """An uploaded OECD CRS file (stored as .zip or .txt)."""


class ProgressTracker:
    """Keeps the run's progress fields up to date, in memory at once and in the database at
    most every PROGRESS_INTERVAL seconds (the Importer later saves the same object whole).

    One file: its size is the total as its reading starts. Several (a zip): ``total`` is
    theirs together, and bytes read add up across them."""

    def __init__(self, run: ImportRun, total: int | None = None) -> None:
        self.run = run
        self.last_write = 0.0
        self.whole_run = total is not None
        if total is not None:
            run.bytes_total, run.bytes_read = total, 0

    def file_started(self, name: str, size: int) -> Callable[[int], None]:
        if not self.whole_run:
            self.run.bytes_total = size
            self.run.bytes_read = 0
        self.write(force=True)
        return self.read

    def read(self, count: int) -> None:
        self.run.bytes_read += count
        self.write()

    def loaded(self, count: int) -> None:
        self.run.activities_read += count
        self.write()

    def write(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_write >= PROGRESS_INTERVAL:
            self.last_write = now
            ImportRun.objects.filter(pk=self.run.pk).update(
                bytes_total=self.run.bytes_total,
                bytes_read=self.run.bytes_read,
                activities_read=self.run.activities_read,
            )


def store_upload(chunks: Iterable[bytes], suffix: str = ".xml") -> tuple[str, int]:
    """Write the upload under DATA_DIR/uploads with a random name; its relative path, size."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"uploads/{secrets.token_hex(16)}{suffix}"
    size = 0
    limit = upload_limit_bytes()
    target = Path(settings.DATA_DIR) / relative
    with target.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:  # a client may under-declare its length: count what arrives
                handle.close()
                target.unlink(missing_ok=True)
                raise too_large()
            handle.write(chunk)
    return relative, size


def too_large() -> UploadError:
    return UploadError(
        gettext(
            "The file is larger than the upload limit of %(limit)s MB "
            "(PARITY_UPLOAD_MAX_MB). Import it with parity import-iati instead."
        )
        % {"limit": settings.PARITY_UPLOAD_MAX_MB},
        status=413,
    )


def start_upload_import(upload: UploadedFile, started_by: str) -> ImportRun:
    """Store an uploaded file and queue its import; the run to follow.

    A file over the limit is refused (413) before anything is stored. A file that is not XML
    at all is refused at once (415), and the refusal is recorded as a run so that it shows in
    the history like any other; XML that is not IATI is refused by the importer in the worker.
    """
    name = Path(upload.name or "upload.xml").name[:255]
    if upload.size is not None and upload.size > upload_limit_bytes():
        raise too_large()
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    iati_files = head.startswith(b"PK") and iati_zip.holds_iati(upload)
    crs = not looks_like_xml(head) and not iati_files and looks_like_crs(head)
    if not looks_like_xml(head) and not iati_files and not crs:
        run = refuse(
            upload,
            name,
            started_by,
            "The uploaded file was refused: it is neither XML nor CRS data.",
            f"{name}: neither an XML file (an IATI file starts with '<') nor OECD CRS data.",
        )
        raise UploadError(
            gettext(
                "%(name)s is not an XML file nor OECD CRS data: upload an IATI activity file "
                "(.xml), a zip of them, or a CRS file (.zip, .txt, .csv). "
                "The refusal is recorded as import #%(run)s."
            )
            % {"name": name, "run": run.pk},
            status=415,
        )
    if iati_files:
        try:
            iati_zip.check_zip(upload, upload_limit_bytes())
        except iati_zip.UnsafeZipError as unsafe:
            run = refuse(
                upload,
                name,
                started_by,
                "The uploaded zip was refused whole: nothing in it was imported.",
                f"{name}: {unsafe}.",
            )
            raise UploadError(
                gettext(
                    "%(name)s was refused: %(reason)s. The refusal is recorded as import #%(run)s."
                )
                % {"name": name, "reason": unsafe, "run": run.pk},
                status=400,
            ) from unsafe
    suffix = ".xml"
    if iati_files:
        suffix = IATI_ZIP
    elif crs:  # the CRS reader tells a zip by its bytes; the suffix only names the stored file
        suffix = ".zip" if head.startswith(b"PK") else ".txt"
    relative, size = store_upload(upload.chunks(), suffix)
    run = ImportRun.objects.create(
        started_by=started_by, upload=relative, upload_name=name, bytes_total=size
    )
    enqueue(run)
    return run


def refuse(upload: UploadedFile, name: str, started_by: str, message: str, error: str) -> ImportRun:
    """A refused upload, recorded as a run so that it shows in the history like any other."""
    run = ImportRun.objects.create(
        started_by=started_by, status=ImportRun.INCOMPLETE, upload_name=name, message=message
    )
    ImportFile.objects.create(
        run=run, name=name, sha256="", size=upload.size or 0, status=ImportFile.REFUSED, error=error
    )
    run.finished_at = run.started_at
    run.save(update_fields=["finished_at"])
    return run


def enqueue(run: ImportRun) -> None:
    # Queue only once the run is committed: a worker must find the row it is given.
    transaction.on_commit(lambda: import_upload(run.pk))


def retry_import(run: ImportRun) -> ImportRun:
    """Queue a failed upload's stored file again, on the same run (its history says so)."""
    mark_abandoned_runs()
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.FAILED:
            raise UploadError(
                gettext("Only a failed import can be retried; import #%(run)s is %(status)s.")
                % {"run": run.pk, "status": run.get_status_display()},
                status=409,
                field="status",
            )
        if not run.upload or not (Path(settings.DATA_DIR) / run.upload).is_file():
            raise UploadError(
                gettext(
                    "This import has no stored file to retry (only uploads keep theirs): "
                    "run parity import-iati again instead."
                ),
                status=409,
                field="upload",
            )
        run.files.all().delete()
        for total in ("created", "updated", "unchanged", "rejected"):
            setattr(run, total, 0)
        run.status = ImportRun.RUNNING
        run.message = f"Retried after: {run.message}" if run.message else ""
        run.pid = None
        run.host = ""
        run.finished_at = None
        run.bytes_read = 0
        run.activities_read = 0
        run.save()
        enqueue(run)
    return run


def run_upload(run_id: int, owner_pid: int | None = None) -> ImportRun | None:
    """The worker's side: import the run's stored file, recording process and progress.

    ``owner_pid`` is the process the run is recorded under (default: this one).
    """
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.RUNNING, pid=None).update(
        pid=owner_pid or os.getpid(), host=socket.gethostname(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None  # already taken, or retried and finished meanwhile: never import twice
    run = ImportRun.objects.get(pk=run_id)
    stored = Path(settings.DATA_DIR) / run.upload
    if run.upload.endswith(IATI_ZIP):
        return run_zip_upload(run, stored)
    tracker = ProgressTracker(run)
    importer_class = UploadImporter if run.upload.endswith(".xml") else CRSUploadImporter
    importer = importer_class(
        display_name=run.upload_name,
        started_by=run.started_by,
        progress=tracker.file_started,
        loaded=tracker.loaded,
    )
    return importer.run([stored], run=run)


def run_zip_upload(run: ImportRun, stored: Path) -> ImportRun:
    """A zip of IATI files: unpacked beside it, its files imported into the one run."""
    folder = stored.with_name(stored.name.removesuffix(IATI_ZIP) + ".files")
    try:
        try:
            members = iati_zip.unpack(stored, folder)
        except (zipfile.BadZipFile, OSError) as error:
            run.status, run.finished_at = ImportRun.FAILED, timezone.now()
            run.message = f"The zip could not be unpacked: {error}"
            run.save(update_fields=["status", "finished_at", "message"])
            return run
        tracker = ProgressTracker(run, total=sum(path.stat().st_size for path in members))
        importer = UploadImporter(
            display_name=run.upload_name,
            members=members,
            started_by=run.started_by,
            progress=tracker.file_started,
            loaded=tracker.loaded,
        )
        return importer.run(list(members), run=run, jobs=UPLOAD_JOBS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_in_fresh_process(run_id: int) -> None:
    """Import in a Python process of its own (import_process.py), and wait for it.

    Whatever memory an import takes goes back to the system when its process ends, so a
    worker does not keep the high-water mark of the largest file it ever imported. A process
    that ends abnormally (killed for memory, a crash) fails its run at once, retryable.
    """
    code = "from parity.activities.import_process import main; main()"
    done = subprocess.run([sys.executable, "-c", code, str(run_id), str(os.getpid())], check=False)
    if done.returncode != 0:
        ImportRun.objects.filter(pk=run_id, status=ImportRun.RUNNING).update(
            status=ImportRun.FAILED,
            message=f"The import process ended abnormally (status {done.returncode}); "
            "retry it to finish.",
            finished_at=timezone.now(),
        )


@db_task()
def import_upload(run_id: int) -> None:
    if HUEY.immediate:  # tests and one-off scripts: the caller's database is the only one
        run_upload(run_id)
    else:
        run_in_fresh_process(run_id)


@HUEY.on_startup()
def forget_dead_workers() -> None:
    """A worker starting after a crash marks the runs its predecessor left running failed."""
    mark_abandoned_runs()
