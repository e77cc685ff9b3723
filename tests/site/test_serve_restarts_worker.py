"""`parity serve` (the embedded profile: SQLite queue, worker started beside the web server)
keeps its worker alive: a worker killed with SIGKILL mid-import is restarted, its run shows as
failed at once (before anyone opens a page), and a retry is imported by the new worker.

Real processes against a database of their own, as in tests/api/test_worker.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.iati.writer import write_activities
from parity.sample import generate_portfolio
from tests.api.test_worker import ACTIVITIES, Database, run_row, shell

pytestmark = pytest.mark.slow

FAILED_WITHIN = 10.0  # seconds for `parity serve` to notice a dead worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict]:
    database = Database(tmp_path)
    env = {
        **os.environ,
        "PARITY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database.url,
        "PARITY_TASK_QUEUE": "sqlite",
        "PARITY_TASK_QUEUE_NAME": f"parity-test-{uuid.uuid4().hex[:8]}",
    }
    subprocess.run([sys.executable, "-m", "parity", "migrate", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "parity", "serve", f"127.0.0.1:{free_port()}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, to stop it and its worker together
    )
    try:
        yield {"env": env, "db": database, "folder": tmp_path}
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        database.drop()


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    path = tmp_path / "uploads" / "big.xml"
    path.parent.mkdir()
    with path.open("wb") as out:
        write_activities(generate_portfolio(ACTIVITIES, seed=11), out)
    return path


def wait_for(what: str, check, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}")


def test_a_killed_worker_is_restarted_and_its_run_fails_at_once(served, upload):
    env = served["env"]
    run_id = int(
        shell(
            env,
            "from parity.activities import tasks; from parity.activities.models import ImportRun;"
            "run = ImportRun.objects.create(upload='uploads/big.xml', upload_name='big.xml');"
            "tasks.enqueue(run); print(run.pk)",
        )
    )
    wait_for("serve's worker to write a batch", lambda: run_row(served, run_id)[2] >= 200, 240)
    worker_pid = run_row(served, run_id)[1]
    os.kill(worker_pid, signal.SIGKILL)

    # Nobody opens a page or runs a command: `parity serve` notices by itself.
    wait_for(
        "the run to show failed", lambda: run_row(served, run_id)[0] == "failed", FAILED_WITHIN
    )
    shell(
        env,
        "from parity.activities import tasks; from parity.activities.models import ImportRun;"
        f"tasks.retry_import(ImportRun.objects.get(pk={run_id}))",
    )
    wait_for(
        "a new worker to finish the retry", lambda: run_row(served, run_id)[0] != "running", 240
    )
    status, pid, _loaded, created, unchanged = run_row(served, run_id)
    assert status == "complete"
    assert pid != worker_pid
    assert created + unchanged == ACTIVITIES
