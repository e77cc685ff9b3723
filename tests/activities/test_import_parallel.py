"""`parity import-iati --jobs N`: worker processes on PostgreSQL, one at a time on SQLite (and
it says why); either way one run and the same report, and a file that fails stops no other.

The tests commit for real (``transaction=True``): the workers are other processes, which see
only what is committed. Each runs on the database the suite runs on; what differs by backend
is asserted by backend.
"""

from __future__ import annotations

import json
import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from parity.activities import importer as importer_module
from parity.activities.importer import Importer
from parity.activities.models import Activity, ImportFile, ImportRun, Organisation
from tests.activities.iati_files import SHARED

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = SHARED / "iati/real/IATI-Datastore/iatilib-test-fixtures"
# Real files whose activities' identifiers are all different: which worker writes an
# identifier first would otherwise decide "created" or "updated" in the report.
FILES = [
    FIXTURES / "CD.xml",
    FIXTURES / "complex_example_dfid.xml",
    FIXTURES / "broken.xml",
    SHARED / "iati/real/D-Portal/dflat-downloads/activities.xml",
    SHARED / "iati/real/D-Portal/ctrack-test/test_activities.xml",
]
ON_SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    files.mkdir()
    for path in FILES:
        shutil.copy(path, files / f"{path.parent.name}-{path.name}")
    return files


@pytest.fixture
def importing_pids(tmp_path: Path, monkeypatch) -> Path:
    """A file each process that imports a file writes its id into (forked workers inherit the
    patch)."""
    log = tmp_path / "pids"
    original = Importer.import_file

    def recorded(self, run, path, name):
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return original(self, run, path, name)

    monkeypatch.setattr(Importer, "import_file", recorded)
    return log


def run_import(*args: str) -> tuple[int, dict, str]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_iati", *args, "--json", stdout=out, stderr=err)
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, json.loads(out.getvalue()), err.getvalue()


def forget_everything() -> None:
    ImportRun.objects.all().delete()
    Activity.objects.all().delete()
    Organisation.objects.all().delete()


def without_run_id(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key != "run"}


def test_jobs_import_in_workers_on_postgresql_and_say_why_not_on_sqlite(
    folder, importing_pids
) -> None:
    code, summary, err = run_import("--jobs", "2", str(folder))
    assert code == 1  # broken.xml
    pids = set(importing_pids.read_text().split())
    if ON_SQLITE:
        assert "SQLite lets only one process write at a time" in err
        assert pids == {str(os.getpid())}
    else:
        assert err == ""
        assert str(os.getpid()) not in pids  # every file in a worker process
        assert 1 <= len(pids) <= 2
    assert ImportRun.objects.count() == 1
    assert len(summary["files"]) == len(FILES)


def test_jobs_give_the_same_run_and_report_as_one_process(folder) -> None:
    _code, parallel, _err = run_import("--jobs", "2", str(folder))
    counts = dict(Activity.objects.values_list("iati_identifier", "content_hash"))
    forget_everything()
    _code, single, _err = run_import(str(folder))
    assert without_run_id(parallel) == without_run_id(single)
    assert dict(Activity.objects.values_list("iati_identifier", "content_hash")) == counts
    assert parallel["status"] == ImportRun.INCOMPLETE
    statuses = {item["file"].rsplit("/", 1)[1]: item["status"] for item in parallel["files"]}
    assert statuses["iatilib-test-fixtures-broken.xml"] == ImportFile.BROKEN
    assert parallel["created"] == sum(item["created"] for item in parallel["files"]) > 400
    assert parallel["created"] == Activity.objects.count()


def test_a_file_whose_import_raises_is_recorded_and_the_others_import(folder, monkeypatch) -> None:
    read = importer_module.read_activities

    def read_or_fail(source, name):
        if "complex_example_dfid" in name:
            raise RuntimeError("disk on fire")
        return read(source, name=name)

    monkeypatch.setattr(importer_module, "read_activities", read_or_fail)
    code, summary, _err = run_import("--jobs", "2", str(folder))
    assert code == 1
    assert summary["status"] == ImportRun.INCOMPLETE
    by_name = {item["file"].rsplit("/", 1)[1]: item for item in summary["files"]}
    failed = by_name["iatilib-test-fixtures-complex_example_dfid.xml"]
    assert failed["status"] == ImportFile.BROKEN
    assert "RuntimeError: disk on fire" in failed["error"]
    assert by_name["iatilib-test-fixtures-CD.xml"]["status"] == ImportFile.IMPORTED
    assert by_name["dflat-downloads-activities.xml"]["created"] == 100
    # Not recorded as imported: the next run reads it again.
    monkeypatch.setattr(importer_module, "read_activities", read)
    _code, again, _err = run_import("--jobs", "2", str(folder))
    statuses = {item["file"].rsplit("/", 1)[1]: item["status"] for item in again["files"]}
    assert statuses["iatilib-test-fixtures-complex_example_dfid.xml"] == ImportFile.IMPORTED
    assert statuses["iatilib-test-fixtures-CD.xml"] == ImportFile.SKIPPED


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(jobs) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--jobs"):
        call_command("import_iati", "--jobs", jobs, "x.xml")
