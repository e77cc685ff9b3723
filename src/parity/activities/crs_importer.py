"""Importing CRS files: the run, skip and report of IATI imports (importer.py), for the CRS.

Each file is hashed; an unchanged file is skipped unless forced. A file is then read
(parity.crs), loaded (crs_loader), passed to the activities_imported receivers and recorded in
ONE transaction: a file refused at its header or
broken partway (a truncated zip, a byte of the wrong encoding) changes nothing and is
recorded as refused with its line and column. A bad row is rejected with its line, column and
reason, and the others are written. Counts are CRS rows: new, changed, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction

from parity.activities.crs_loader import CRSLoader
from parity.activities.importer import Importer, sha256_of
from parity.activities.models import ImportFile, ImportRejection, ImportRun
from parity.activities.signals import activities_imported
from parity.crs.errors import CRSFileError
from parity.crs.layouts import normalise
from parity.crs.model import Rejected, Row
from parity.crs.reader import CRSReader
from parity.crs.source import detect_encoding, is_zip

CRS_SUFFIXES = (".txt", ".csv", ".zip")


def expand_crs_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every .txt, .csv and .zip under a folder, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in CRS_SUFFIXES))
        else:
            found.append(path)
    return found


def keep_rows(items: Iterable[Row | Rejected], rejected: list[Rejected]) -> Iterator[Row]:
    for item in items:
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            yield item


class CRSImporter(Importer):
    expand = staticmethod(expand_crs_paths)
    source_note = ""  # written on every activity the run touches (the demo says "real data")

    def import_file(self, run: ImportRun, path: Path, name: str) -> ImportFile:
        if not path.is_file():
            return self.record_refusal(run, name, "", 0, f"{name}: no such file")
        digest, size = sha256_of(path), path.stat().st_size
        already = ImportFile.objects.filter(sha256=digest, status=ImportFile.IMPORTED)
        if not self.force and already.exists():
            return ImportFile.objects.create(
                run=run, name=name, sha256=digest, size=size, status=ImportFile.SKIPPED
            )
        rejected: list[Rejected] = []
        try:
            with transaction.atomic(), CRSReader(path, name) as reader:
                if self.progress:
                    reader.on_read = self.progress(name, reader.size)
                loader = CRSLoader(name, source_note=self.source_note)
                loader.load(keep_rows(reader, rejected), progress=self.loaded)
                loader.finish()
                identifiers = sorted(loader.counts.identifiers)
                # The receivers (evidence flags, reviewed markers) inside the file's
                # transaction: a kill leaves neither rows nor a record that would skip the file.
                activities_imported.send(
                    sender=type(self), identifiers=identifiers, flags_current=loader.flags_current
                )
                record = self.record_crs_file(
                    run, name, digest, size, reader.description, loader, rejected
                )
        except CRSFileError as error:
            return ImportFile.objects.create(
                run=run,
                name=name,
                sha256=digest,
                size=size,
                status=ImportFile.REFUSED,
                error=str(error),
                error_line=error.line,
                error_column=error.column if isinstance(error.column, int) else None,
            )
        if self.after_file:
            self.after_file(identifiers)
        return record

    def record_crs_file(
        self,
        run: ImportRun,
        name: str,
        digest: str,
        size: int,
        description: str,
        loader: CRSLoader,
        rejected: list[Rejected],
    ) -> ImportFile:
        counts = loader.counts
        record = ImportFile.objects.create(
            run=run,
            name=name,
            sha256=digest,
            size=size,
            status=ImportFile.IMPORTED,
            format=description,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=len(rejected),
            disappeared=loader.disappeared(),
        )
        ImportRejection.objects.bulk_create(
            ImportRejection(
                file=record,
                line=r.line,
                identifier=r.identifier[:300],
                element=r.column[:300],
                reason=r.reason,
            )
            for r in rejected
        )
        for total in ("created", "updated", "unchanged", "rejected"):
            setattr(run, total, getattr(run, total) + getattr(record, total))
        run.save()
        return record


def looks_like_crs(head: bytes) -> bool:
    """The first bytes of a CRS file: a zip (the reader checks what is inside), or a header
    line naming a CRS id column."""
    if is_zip(head):
        return True
    text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
    header = {normalise(name) for name in re.split(r"[|,;\t]", text.split("\n", 1)[0])}
    return bool(header & {"crsid", "projectnumber", "projectid"})
