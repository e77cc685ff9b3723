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
import signal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from lxml import etree

from parity.activities import importer as importer_module
from parity.activities import loader as loader_module
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
        assert str(os.getpid()) not in pids  # every file in a worker process of its own
        assert len(pids) == len(FILES)
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


DFLAT = "dflat-downloads-activities.xml"  # 100 activities: five chunks of 20 below


@pytest.fixture
def dying_worker(tmp_path: Path, monkeypatch) -> Path:
    """The worker importing DFLAT kills itself with SIGKILL after committing two chunks, while
    the file ``tmp_path / "die"`` exists, and removes it first if it says "once" (forked
    workers inherit the patch); each death is logged in ``tmp_path / "deaths"``."""
    monkeypatch.setattr(loader_module, "BATCH_SIZE", 20)
    original = loader_module.ActivityLoader.load_batch
    parent, switch, deaths = os.getpid(), tmp_path / "die", tmp_path / "deaths"

    def load_batch(self, batch):
        original(self, batch)
        at_40 = self.source_file.endswith(DFLAT) and len(self.counts.identifiers) == 40
        if at_40 and switch.exists() and os.getpid() != parent:
            if switch.read_text() == "once":
                switch.unlink()
            with deaths.open("a") as log:
                log.write(f"{os.getpid()}\n")
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(loader_module.ActivityLoader, "load_batch", load_batch)
    switch.touch()
    return switch


def transactions_per_activity(path: Path) -> dict[str, int]:
    """Counted with plain lxml, not Parity."""
    counts = {}
    for _event, element in etree.iterparse(str(path), tag="iati-activity"):
        counts[element.findtext("iati-identifier").strip()] = len(element.findall("transaction"))
        element.clear()
    return counts


def transactions_stored(name_end: str) -> dict[str, int]:
    from django.db.models import Count

    activities = Activity.objects.filter(source_file__endswith=name_end)
    return dict(activities.annotate(n=Count("transactions")).values_list("iati_identifier", "n"))


@pytest.mark.postgres_only  # no worker processes on SQLite: nothing to kill
def test_a_killed_worker_is_replaced_once_and_its_file_completes(folder, dying_worker) -> None:
    dying_worker.write_text("once")
    code, summary, _err = run_import("--jobs", "2", str(folder))
    assert len((dying_worker.parent / "deaths").read_text().split()) == 1
    assert code == 1  # broken.xml, as without the kill
    by_name = {item["file"].rsplit("/", 1)[1]: item for item in summary["files"]}
    assert len(by_name) == len(FILES)
    dflat = by_name[DFLAT]
    assert dflat["status"] == ImportFile.IMPORTED
    assert "killed by SIGKILL" in dflat["error"]
    assert "imported again in a new worker process" in dflat["error"]
    # The first worker's two chunks stayed, whole; the second worker wrote the rest.
    assert (dflat["created"], dflat["unchanged"]) == (60, 40)
    expected = transactions_per_activity(FILES[3])
    assert transactions_stored(DFLAT) == expected
    assert by_name["iatilib-test-fixtures-CD.xml"]["status"] == ImportFile.IMPORTED
    # The dead worker's 40 are in the database, counted as unchanged by the one that finished.
    assert summary["created"] + 40 == Activity.objects.count()


@pytest.mark.postgres_only  # no worker processes on SQLite: nothing to kill
def test_a_file_whose_workers_keep_dying_is_reported_failed_and_the_others_complete(
    folder, dying_worker
) -> None:
    code, summary, _err = run_import("--jobs", "2", str(folder))
    assert len((dying_worker.parent / "deaths").read_text().split()) == 2  # tried twice
    assert code == 1
    by_name = {item["file"].rsplit("/", 1)[1]: item for item in summary["files"]}
    assert len(by_name) == len(FILES)
    dflat = by_name[DFLAT]
    assert dflat["status"] == ImportFile.BROKEN
    assert (
        "the worker process importing it was killed by SIGKILL; a second one, started to "
        "import it again, was killed by SIGKILL" in dflat["error"]
    )
    assert dflat["file"].endswith(DFLAT) and dflat["error"].startswith(dflat["file"])
    statuses = {name: item["status"] for name, item in by_name.items() if name != DFLAT}
    assert statuses == {
        "iatilib-test-fixtures-CD.xml": ImportFile.IMPORTED,
        "iatilib-test-fixtures-complex_example_dfid.xml": ImportFile.IMPORTED,
        "iatilib-test-fixtures-broken.xml": ImportFile.BROKEN,
        "ctrack-test-test_activities.xml": ImportFile.IMPORTED,
    }
    # Whole activities only: the 40 of the two committed chunks, each with all its transactions.
    expected = transactions_per_activity(FILES[3])
    stored = transactions_stored(DFLAT)
    assert len(stored) == 40
    assert stored == {key: expected[key] for key in stored}
    # Not recorded as imported: a run without the fault completes the file.
    dying_worker.unlink()
    _code, again, _err = run_import("--jobs", "2", str(folder))
    statuses = {item["file"].rsplit("/", 1)[1]: item["status"] for item in again["files"]}
    assert statuses[DFLAT] == ImportFile.IMPORTED
    assert transactions_stored(DFLAT) == expected
