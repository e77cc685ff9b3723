"""Kill -9 of a parallel import (`parity import-iati --jobs 2 FOLDER`, a real process on a
database of its own) leaves no partial activity and no worker behind; its run shows as failed,
not running forever; and a re-run completes the import.

On PostgreSQL the files go to two worker processes; on SQLite (one writer) the same command
imports them one at a time, and the same must hold.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.iati.writer import write_activities
from parity.sample import generate_portfolio
from tests.helpers.polling import wait_for
from tests.helpers.scratch_instance import (
    ON_POSTGRES,
    ScratchDatabase,
    mark_abandoned_runs,
    migrated_environment,
    scratch_database,
)
from tests.helpers.whole_activities import transactions_in_files, transactions_stored

pytestmark = pytest.mark.slow

FILES, PER_FILE = 4, 1200  # batches of 1,000: each file is written in two transactions at least


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[tuple[dict, ScratchDatabase]]:
    with scratch_database(tmp_path) as database:
        yield migrated_environment(tmp_path, database), database


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """FILES files of one portfolio, split: every identifier in exactly one file."""
    folder = tmp_path_factory.mktemp("files")
    activities = generate_portfolio(FILES * PER_FILE, seed=5)
    for number in range(FILES):
        with (folder / f"part-{number}.xml").open("wb") as out:
            write_activities((next(activities) for _ in range(PER_FILE)), out)
    return folder


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def import_iati(env: dict, folder: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "parity", "import-iati", "--jobs", "2", "--json", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_kill_9_leaves_whole_activities_and_a_rerun_completes(instance, folder) -> None:
    env, database = instance
    expected = transactions_in_files(sorted(folder.glob("*.xml")))
    assert len(expected) == FILES * PER_FILE
    process = import_iati(env, folder)
    wait_for(
        "the import to write its first activities",
        lambda: database.rows("SELECT COUNT(*) FROM activities_activity")[0][0] > 0,
        300,
    )
    workers = children_of(process.pid)
    process.kill()
    process.communicate()
    wait_for("the workers to die with the import", lambda: not any(map(alive, workers)), 30)

    found = transactions_stored(database)
    assert 0 < len(found) < len(expected), "the kill did not land mid-import"
    partial = {key: n for key, n in found.items() if n != expected.get(key)}
    assert partial == {}, "activities with missing transactions, or unknown ones"
    ((status, pid),) = database.rows("SELECT status, pid FROM activities_importrun")
    assert (status, pid) == ("running", process.pid)  # nobody has looked yet
    if ON_POSTGRES:
        assert len(workers) == 2  # the files were imported in two worker processes

    mark_abandoned_runs(env)  # the run's process is gone
    ((status, message),) = database.rows("SELECT status, message FROM activities_importrun")
    assert status == "failed"
    assert "run it again" in message

    again = import_iati(env, folder)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "complete"
    assert transactions_stored(database) == dict(expected)
    # Files recorded before the kill were skipped, the others read again.
    assert {item["status"] for item in summary["files"]} <= {"imported", "skipped"}
    assert summary["created"] + sum(
        item["updated"] + item["unchanged"] for item in summary["files"]
    ) <= len(expected)
    if not ON_POSTGRES:
        assert "SQLite lets only one process write at a time" in err


@pytest.mark.postgres_only  # one process imports every file on SQLite
def test_kill_9_of_one_worker_fails_no_other_file_and_its_file_is_imported_again(
    instance, folder
) -> None:
    env, database = instance
    expected = transactions_in_files(sorted(folder.glob("*.xml")))
    process = import_iati(env, folder)
    wait_for(
        "the import to write its first activities",
        lambda: database.rows("SELECT COUNT(*) FROM activities_activity")[0][0] > 0,
        300,
    )
    workers = [pid for pid in children_of(process.pid) if alive(pid)]
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "complete"
    assert {item["status"] for item in summary["files"]} == {"imported"}
    assert transactions_stored(database) == dict(expected)  # every activity, each one whole
    (retried,) = [item for item in summary["files"] if item["error"]]
    assert "the worker process importing it was killed by SIGKILL" in retried["error"]
    assert "imported again in a new worker process" in retried["error"]
