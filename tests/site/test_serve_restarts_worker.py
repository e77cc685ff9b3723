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
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.iati.writer import write_activities
from parity.sample import generate_portfolio
from tests.api.test_worker import ACTIVITIES, run_row
from tests.helpers.polling import wait_for
from tests.helpers.scratch_instance import migrated_environment, parity_shell, scratch_database

pytestmark = pytest.mark.slow

FAILED_WITHIN = 10.0  # seconds for `parity serve` to notice a dead worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict]:
    with scratch_database(tmp_path) as database:
        env = migrated_environment(
            tmp_path,
            database,
            PARITY_TASK_QUEUE="sqlite",
            PARITY_TASK_QUEUE_NAME=f"parity-test-{uuid.uuid4().hex[:8]}",
        )
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


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    path = tmp_path / "uploads" / "big.xml"
    path.parent.mkdir()
    with path.open("wb") as out:
        write_activities(generate_portfolio(ACTIVITIES, seed=11), out)
    return path


def test_a_killed_worker_is_restarted_and_its_run_fails_at_once(served, upload):
    env = served["env"]
    run_id = int(
        parity_shell(
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
    parity_shell(
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
