"""Background work: which task queue (huey) Parity uses, and the upload size limit.

Pure Python (no Django), read from the environment, so the rules are tested without a project.

``PARITY_TASK_QUEUE`` chooses the queue:

- ``sqlite`` (the development default): a queue in a SQLite file in the data folder, needing
  no server; ``parity serve`` starts a worker beside the web server;
- ``redis://host:port/db`` (the production default is ``redis://127.0.0.1:6379/0``): Redis,
  with workers run separately by ``parity worker``;
- ``immediate``: no queue at all, tasks run inside the request (tests, one-off scripts).

``PARITY_TASK_QUEUE_NAME`` (default ``parity``) names the queue within Redis.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parity.config import ConfigError

QUEUE_NAME = "parity"
PRODUCTION_QUEUE = "redis://127.0.0.1:6379/0"
DEFAULT_UPLOAD_MAX_MB = 200


def queue_settings(
    profile: str, data_dir: Path, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The ``HUEY`` setting for huey.contrib.djhuey."""
    env = os.environ if env is None else env
    default = PRODUCTION_QUEUE if profile == "production" else "sqlite"
    url = (env.get("PARITY_TASK_QUEUE") or default).strip()
    # Two Parity instances sharing one Redis need their own queues (PARITY_TASK_QUEUE_NAME).
    name = (env.get("PARITY_TASK_QUEUE_NAME") or QUEUE_NAME).strip()
    # One worker thread: imports write a lot, and on SQLite two writers only queue for the lock.
    consumer = {"workers": 1, "worker_type": "thread"}
    # "immediate" must always be given: djhuey otherwise follows DEBUG, and the development
    # profile (DEBUG on) would then run every import inside the web request.
    if url == "immediate":
        return {"huey_class": "huey.MemoryHuey", "name": name, "immediate": True}
    if url == "sqlite" or url.startswith("sqlite:///"):
        filename = url.removeprefix("sqlite:///") if url != "sqlite" else ""
        return {
            "huey_class": "huey.SqliteHuey",
            "name": name,
            "filename": filename or str(data_dir / "tasks.sqlite3"),
            "immediate": False,
            "consumer": consumer,
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "huey_class": "huey.RedisHuey",
            "name": name,
            "url": url,
            "immediate": False,
            "consumer": consumer,
        }
    raise ConfigError(
        f"PARITY_TASK_QUEUE={url!r}: use sqlite, sqlite:///PATH, redis://HOST:PORT/DB or immediate"
    )


def upload_max_mb(env: Mapping[str, str] | None = None) -> int:
    """``PARITY_UPLOAD_MAX_MB``: the largest IATI file accepted from the browser or the API."""
    env = os.environ if env is None else env
    raw = (env.get("PARITY_UPLOAD_MAX_MB") or str(DEFAULT_UPLOAD_MAX_MB)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(
            f"PARITY_UPLOAD_MAX_MB={raw!r}: give a whole number of megabytes, 1 or more"
        )
    return int(raw)
