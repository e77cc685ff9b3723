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
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from parity.iati.writer import write_activities
from parity.sample import generate_portfolio

pytestmark = pytest.mark.slow

FILES, PER_FILE = 4, 300  # batches of 200: each file is written in two transactions at least
PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


class Database:
    """A fresh database for the subprocesses, and plain SQL to look into it."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "parity.sqlite3"
        if ON_POSTGRES:
            self.name = f"parity_kill_{uuid.uuid4().hex[:10]}"
            self.admin(f'CREATE DATABASE "{self.name}"')
            self.url = PG_URL.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.url = f"sqlite:///{self.file}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(sql)

    def rows(self, sql: str) -> list[tuple]:
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.file, timeout=30) as db:
            return db.execute(sql).fetchall()

    def drop(self) -> None:
        if ON_POSTGRES:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[tuple[dict, Database]]:
    database = Database(tmp_path)
    env = {**os.environ, "PARITY_DATA_DIR": str(tmp_path), "DATABASE_URL": database.url}
    subprocess.run([sys.executable, "-m", "parity", "migrate", "-v0"], env=env, check=True)
    try:
        yield env, database
    finally:
        database.drop()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """FILES files of one portfolio, split: every identifier in exactly one file."""
    folder = tmp_path_factory.mktemp("files")
    activities = generate_portfolio(FILES * PER_FILE, seed=5)
    for number in range(FILES):
        with (folder / f"part-{number}.xml").open("wb") as out:
            write_activities((next(activities) for _ in range(PER_FILE)), out)
    return folder


def transactions_in(folder: Path) -> Counter:
    """Each activity's transactions in the files, counted with plain lxml (not Parity)."""
    counts: Counter = Counter()
    for path in sorted(folder.glob("*.xml")):
        for _event, element in etree.iterparse(str(path), tag="iati-activity"):
            counts[element.findtext("iati-identifier").strip()] = len(
                element.findall("transaction")
            )
            element.clear()
    return counts


def transactions_found(database: Database) -> dict[str, int]:
    return dict(
        database.rows(
            "SELECT a.iati_identifier, COUNT(t.id) FROM activities_activity a "
            "LEFT JOIN activities_transaction t ON t.activity_id = a.id GROUP BY a.iati_identifier"
        )
    )


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


def wait_for(what: str, check, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"Timed out waiting for {what}")


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
    expected = transactions_in(folder)
    assert len(expected) == FILES * PER_FILE
    process = import_iati(env, folder)
    wait_for(
        "the import to write its first activities",
        lambda: database.rows("SELECT COUNT(*) FROM activities_activity")[0][0] > 0,
    )
    workers = children_of(process.pid)
    process.kill()
    process.communicate()
    wait_for("the workers to die with the import", lambda: not any(map(alive, workers)), 30)

    found = transactions_found(database)
    assert 0 < len(found) < len(expected), "the kill did not land mid-import"
    partial = {key: n for key, n in found.items() if n != expected.get(key)}
    assert partial == {}, "activities with missing transactions, or unknown ones"
    ((status, pid),) = database.rows("SELECT status, pid FROM activities_importrun")
    assert (status, pid) == ("running", process.pid)  # nobody has looked yet
    if ON_POSTGRES:
        assert len(workers) == 2  # the files were imported in two worker processes

    # What the import page, the API and the next run do first: the run's process is gone.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "parity",
            "shell",
            "-v0",
            "-c",
            "from parity.activities.importer import mark_abandoned_runs; mark_abandoned_runs()",
        ],
        env=env,
        check=True,
    )
    ((status, message),) = database.rows("SELECT status, message FROM activities_importrun")
    assert status == "failed"
    assert "run it again" in message

    again = import_iati(env, folder)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "complete"
    assert transactions_found(database) == dict(expected)
    # Files recorded before the kill were skipped, the others read again.
    assert {item["status"] for item in summary["files"]} <= {"imported", "skipped"}
    assert summary["created"] + sum(
        item["updated"] + item["unchanged"] for item in summary["files"]
    ) <= len(expected)
    if not ON_POSTGRES:
        assert "SQLite lets only one process write at a time" in err


@pytest.mark.skipif(not ON_POSTGRES, reason="one process imports every file on SQLite")
def test_kill_9_of_one_worker_fails_no_other_file_and_its_file_is_imported_again(
    instance, folder
) -> None:
    env, database = instance
    expected = transactions_in(folder)
    process = import_iati(env, folder)
    wait_for(
        "the import to write its first activities",
        lambda: database.rows("SELECT COUNT(*) FROM activities_activity")[0][0] > 0,
    )
    workers = [pid for pid in children_of(process.pid) if alive(pid)]
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "complete"
    assert {item["status"] for item in summary["files"]} == {"imported"}
    assert transactions_found(database) == dict(expected)  # every activity, each one whole
    (retried,) = [item for item in summary["files"] if item["error"]]
    assert "the worker process importing it was killed by SIGKILL" in retried["error"]
    assert "imported again in a new worker process" in retried["error"]
