"""The real worker, in its own process, on both queues (SQLite file and Redis): killed with
SIGKILL in the middle of an import, it leaves only whole activities; the run then shows as
failed, and a retry imports the rest.

Everything runs in subprocesses against a database of its own (a SQLite file, or a PostgreSQL
database created for the test when DATABASE_URL points at PostgreSQL), because the worker
cannot see the test's in-memory database or its uncommitted transaction.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.iati.writer import write_activities
from parity.sample import generate_portfolio
from tests.helpers.polling import wait_for
from tests.helpers.scratch_instance import (
    mark_abandoned_runs,
    migrated_environment,
    parity_shell,
    scratch_database,
)
from tests.helpers.whole_activities import transactions_in_files, transactions_stored

pytestmark = pytest.mark.slow

ACTIVITIES = 3000  # three batches of 1,000: enough to be killed between the first and the last
REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_running() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("iati") / "portfolio.xml"
    with path.open("wb") as out:
        write_activities(generate_portfolio(ACTIVITIES, seed=11), out)
    return path


@pytest.fixture(params=["sqlite", "redis"])
def instance(request, tmp_path) -> Iterator[dict]:
    queue = request.param
    if queue == "redis" and not redis_running():
        pytest.fail(f"Redis is not running at {REDIS_URL}: start it (CI does).")
    with scratch_database(tmp_path) as database:
        env = migrated_environment(
            tmp_path,
            database,
            PARITY_TASK_QUEUE=REDIS_URL if queue == "redis" else "sqlite",
            PARITY_TASK_QUEUE_NAME=f"parity-test-{uuid.uuid4().hex[:8]}",
        )
        workers: list[subprocess.Popen] = []
        try:
            yield {"env": env, "db": database, "folder": tmp_path, "workers": workers}
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()


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


def test_a_killed_worker_leaves_whole_activities_and_the_run_retries(instance, big_file):
    uploads = instance["folder"] / "uploads"
    uploads.mkdir()
    shutil.copy(big_file, uploads / "big.xml")
    env = instance["env"]
    # What an upload does: a run pointing at the stored file, queued for the worker.
    run_id = int(
        parity_shell(
            env,
            "from parity.activities import tasks; from parity.activities.models import ImportRun;"
            "run = ImportRun.objects.create(upload='uploads/big.xml', upload_name='big.xml');"
            "tasks.enqueue(run); print(run.pk)",
        )
    )
    worker = start_worker(instance)
    wait_for("the worker to write a batch", lambda: run_row(instance, run_id)[2] >= 1000, 240)
    assert run_row(instance, run_id)[1] == worker.pid  # the worker recorded itself
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    status, _pid, loaded, _created, _unchanged = run_row(instance, run_id)
    assert status == "running"  # nobody has looked yet
    assert 0 < loaded < ACTIVITIES, "the kill did not land mid-import"
    mark_abandoned_runs(env)
    assert run_row(instance, run_id)[0] == "failed"

    expected = transactions_in_files([big_file])
    found = transactions_stored(instance["db"])
    assert 0 < len(found) < ACTIVITIES
    before = len(found)
    partial = {i: (n, expected[i]) for i, n in found.items() if n != expected[i]}
    assert partial == {}, "activities with some of their transactions missing"

    # Retry: the same stored file, queued again, imported to the end by a new worker.
    parity_shell(
        env,
        "from parity.activities import tasks; from parity.activities.models import ImportRun;"
        f"tasks.retry_import(ImportRun.objects.get(pk={run_id}))",
    )
    start_worker(instance)
    wait_for("the retry to finish", lambda: run_row(instance, run_id)[0] != "running", 240)
    status, _pid, _loaded, created, unchanged = run_row(instance, run_id)
    assert status == "complete"
    assert transactions_stored(instance["db"]) == dict(expected)
    # Whole activities of the killed attempt are found unchanged, never written twice.
    assert (created, unchanged) == (ACTIVITIES - before, before)
    report = json.loads(
        parity_shell(
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
        run_id = int(parity_shell(env, code))
        wait_for(f"the import of {name}", lambda: run_row(instance, run_id)[0] != "running", 240)
        status, pid, _loaded, created, _unchanged = run_row(instance, run_id)
        assert (status, pid) == ("complete", worker.pid)  # shown as the worker's run
        assert created > 0

    import_and_wait("small.xml")  # the worker's first job settles its own footprint
    before = peak_memory_mb(worker.pid)
    import_and_wait("big.xml")
    # The same 600 activities imported inside the worker raised its high-water mark by 36 MB
    # (and it stays there); in a process of its own, the worker does not move.
    assert peak_memory_mb(worker.pid) - before < 10
