"""The process an uploaded import runs in (see ``tasks.run_in_fresh_process``).

Started as ``python -c`` by the worker, with the run's id and the worker's process id. It sets
Django up itself, runs the import under the worker's process id (so the run shows as the
worker's, and as abandoned when the worker is gone), and dies with the worker: a worker killed
mid-import takes its import along, exactly as when imports ran inside the worker.
"""

from __future__ import annotations

import os
import sys

from parity.activities.dies_with_parent import die_with


def main() -> None:
    run_id, worker = int(sys.argv[1]), int(sys.argv[2])
    die_with(worker)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    import django

    django.setup()
    from parity.activities.tasks import run_upload

    run_upload(run_id, owner_pid=worker)
