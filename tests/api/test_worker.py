"""The real worker, in its own process, on both queues (SQLite file and Redis): killed with
SIGKILL in the middle of an import, it leaves only whole activities; the run then shows as
failed, and a retry imports the rest.

Everything runs in subprocesses against a database of its own (a SQLite file, or a PostgreSQL
database created for the test when DATABASE_URL points at PostgreSQL), because the worker
cannot see the test's in-memory database or its uncommitted transaction.
"""

from __future__ import annotations

import json
import os
import shutil
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

ACTIVITIES = 600  # three batches of 200: enough to be killed between the first and the last
REDIS_URL = "redis://127.0.0.1:6379/15"
PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


def redis_running() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


class Database:
    """A fresh, migrated database for the subprocesses, and plain SQL to look into it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        if ON_POSTGRES:
            self.name = f"parity_worker_{uuid.uuid4().hex[:10]}"
            self.admin(f'CREATE DATABASE "{self.name}"')
            self.url = PG_URL.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.url = f"sqlite:///{folder / 'parity.sqlite3'}"

    def admin(self, sql: str) -> None:
        import psycopg

        # The maintenance database: DATABASE_URL's own may not exist (pytest-django tests in
        # test_<name>, never in <name>).
        maintenance = PG_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    def rows(self, sql: str, *params) -> list[tuple]:
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return connection.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.folder / "parity.sqlite3") as connection:
            return connection.execute(sql, params).fetchall()

    def drop(self) -> None:
        if ON_POSTGRES:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("iati") / "portfolio.xml"
    with path.open("wb") as out:
        write_activities(generate_portfolio(ACTIVITIES, seed=11), out)
    return path


def transactions_in(path: Path) -> Counter:
    """Each activity's transactions in the file, counted with plain lxml (not Parity)."""
    counts: Counter = Counter()
    for _event, element in etree.iterparse(str(path), tag="iati-activity"):
        identifier = element.findtext("iati-identifier").strip()
        counts[identifier] = len(element.findall("transaction"))
        element.clear()
    return counts


@pytest.fixture(params=["sqlite", "redis"])
def instance(request, tmp_path) -> Iterator[dict]:
    queue = request.param
    if queue == "redis" and not redis_running():
        pytest.fail(f"Redis is not running at {REDIS_URL}: start it (CI does).")
    database = Database(tmp_path)
    env = {
        **os.environ,
        "PARITY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database.url,
        "PARITY_TASK_QUEUE": REDIS_URL if queue == "redis" else "sqlite",
        "PARITY_TASK_QUEUE_NAME": f"parity-test-{uuid.uuid4().hex[:8]}",
    }
    subprocess.run([sys.executable, "-m", "parity", "migrate", "-v0"], env=env, check=True)
    workers: list[subprocess.Popen] = []
    try:
        yield {"env": env, "db": database, "folder": tmp_path, "workers": workers}
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        database.drop()


def shell(env: dict, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "parity", "shell", "-v0", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def start_worker(instance: dict) -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-m", "parity", "worker"],
        env=instance["env"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    instance["workers"].append(worker)
    return worker


def run_row(instance: dict, run_id: int) -> tuple:
    return instance["db"].rows(
        "SELECT status, pid, activities_read, created, unchanged FROM activities_importrun "
        "WHERE id = ?",
        run_id,
    )[0]


def wait_for(what: str, check, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out waiting for {what}")


def test_a_killed_worker_leaves_whole_activities_and_the_run_retries(instance, big_file):
    uploads = instance["folder"] / "uploads"
    uploads.mkdir()
    shutil.copy(big_file, uploads / "big.xml")
    env = instance["env"]
    # What an upload does: a run pointing at the stored file, queued for the worker.
    run_id = int(
        shell(
            env,
            "from parity.activities import tasks; from parity.activities.models import ImportRun;"
            "run = ImportRun.objects.create(upload='uploads/big.xml', upload_name='big.xml');"
            "tasks.enqueue(run); print(run.pk)",
        )
    )
    worker = start_worker(instance)
    wait_for("the worker to write a batch", lambda: run_row(instance, run_id)[2] >= 200)
    assert run_row(instance, run_id)[1] == worker.pid  # the worker recorded itself
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    status, _pid, loaded, _created, _unchanged = run_row(instance, run_id)
    assert status == "running"  # nobody has looked yet
    assert 0 < loaded < ACTIVITIES, "the kill did not land mid-import"
    # What the import page and the API do when someone looks at the run.
    shell(env, "from parity.activities.importer import mark_abandoned_runs; mark_abandoned_runs()")
    assert run_row(instance, run_id)[0] == "failed"

    expected = transactions_in(big_file)
    found = dict(
        instance["db"].rows(
            "SELECT a.iati_identifier, COUNT(t.id) FROM activities_activity a "
            "LEFT JOIN activities_transaction t ON t.activity_id = a.id GROUP BY a.iati_identifier"
        )
    )
    assert 0 < len(found) < ACTIVITIES
    before = len(found)
    partial = {i: (n, expected[i]) for i, n in found.items() if n != expected[i]}
    assert partial == {}, "activities with some of their transactions missing"

    # Retry: the same stored file, queued again, imported to the end by a new worker.
    shell(
        env,
        "from parity.activities import tasks; from parity.activities.models import ImportRun;"
        f"tasks.retry_import(ImportRun.objects.get(pk={run_id}))",
    )
    start_worker(instance)
    wait_for("the retry to finish", lambda: run_row(instance, run_id)[0] != "running")
    status, _pid, _loaded, created, unchanged = run_row(instance, run_id)
    assert status == "complete"
    found = dict(
        instance["db"].rows(
            "SELECT a.iati_identifier, COUNT(t.id) FROM activities_activity a "
            "LEFT JOIN activities_transaction t ON t.activity_id = a.id GROUP BY a.iati_identifier"
        )
    )
    assert found == dict(expected)
    # Whole activities of the killed attempt are found unchanged, never written twice.
    assert (created, unchanged) == (ACTIVITIES - before, before)
    report = json.loads(
        shell(
            env,
            "import json; from parity.activities.models import ImportRun;"
            f"r = ImportRun.objects.get(pk={run_id}); print(json.dumps([r.attempts, r.message]))",
        )
    )
    assert report[0] == 2
    assert report[1].startswith("Retried after:")


def peak_memory_mb(pid: int) -> float:
    """The process's own high-water mark of resident memory (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM for process {pid}")


def test_each_import_runs_in_a_process_of_its_own_that_gives_its_memory_back(instance, big_file):
    uploads = instance["folder"] / "uploads"
    uploads.mkdir()
    shutil.copy(big_file, uploads / "big.xml")
    with (uploads / "small.xml").open("wb") as out:
        write_activities(generate_portfolio(1, seed=3), out)
    env = instance["env"]
    worker = start_worker(instance)

    def import_and_wait(name: str) -> None:
        code = (
            "from parity.activities import tasks; from parity.activities.models import ImportRun;"
            f"run = ImportRun.objects.create(upload='uploads/{name}', upload_name='{name}');"
            "tasks.enqueue(run); print(run.pk)"
        )
        run_id = int(shell(env, code))
        wait_for(f"the import of {name}", lambda: run_row(instance, run_id)[0] != "running")
        status, pid, _loaded, created, _unchanged = run_row(instance, run_id)
        assert (status, pid) == ("complete", worker.pid)  # shown as the worker's run
        assert created > 0

    import_and_wait("small.xml")  # the worker's first job settles its own footprint
    before = peak_memory_mb(worker.pid)
    import_and_wait("big.xml")
    # The same 600 activities imported inside the worker raised its high-water mark by 36 MB
    # (and it stays there); in a process of its own, the worker does not move.
    assert peak_memory_mb(worker.pid) - before < 10
