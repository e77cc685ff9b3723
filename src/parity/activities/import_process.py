"""The process an uploaded import runs in (see ``tasks.run_in_fresh_process``).

Started as ``python -c`` by the worker, with the run's id and the worker's process id. It sets
Django up itself, runs the import under the worker's process id (so the run shows as the
worker's, and as abandoned when the worker is gone), and dies with the worker: a worker killed
mid-import takes its import along, exactly as when imports ran inside the worker.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # Linux prctl(2): a signal for this process when its parent dies


def main() -> None:
    run_id, worker = int(sys.argv[1]), int(sys.argv[2])
    die_with(worker)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    import django

    django.setup()
    from parity.activities.tasks import run_upload

    run_upload(run_id, owner_pid=worker)


def die_with(worker: int) -> None:
    """This process is killed when ``worker`` (its parent) dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: look every half second instead
        threading.Thread(target=_watch, args=(worker,), daemon=True).start()
    if os.getppid() != worker:  # the worker died before prctl took effect
        os._exit(1)


def _watch(worker: int) -> None:
    while os.getppid() == worker:
        time.sleep(0.5)
    os._exit(1)
