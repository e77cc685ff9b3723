"""Which queue the settings choose (parity.jobs), without Django."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.config import ConfigError
from parity.jobs import queue_settings, upload_max_mb

DATA = Path("/data")


@pytest.mark.parametrize(
    ("profile", "env", "huey_class", "where"),
    [
        ("development", {}, "huey.SqliteHuey", ("filename", str(DATA / "tasks.sqlite3"))),
        ("production", {}, "huey.RedisHuey", ("url", "redis://127.0.0.1:6379/0")),
        (
            "production",
            {"PARITY_TASK_QUEUE": "redis://queue:6379/2"},
            "huey.RedisHuey",
            ("url", "redis://queue:6379/2"),
        ),
        (
            "development",
            {"PARITY_TASK_QUEUE": "sqlite:///tmp/q.db"},
            "huey.SqliteHuey",
            ("filename", "tmp/q.db"),
        ),
        ("development", {"PARITY_TASK_QUEUE": "immediate"}, "huey.MemoryHuey", ("immediate", True)),
    ],
)
def test_it_chooses_the_queue(profile, env, huey_class, where):
    found = queue_settings(profile, DATA, env)
    assert found["huey_class"] == huey_class
    assert found[where[0]] == where[1]


def test_a_real_queue_never_runs_tasks_inside_the_request():
    # djhuey would otherwise follow DEBUG, which is on in development.
    assert queue_settings("development", DATA, {})["immediate"] is False
    assert queue_settings("production", DATA, {})["immediate"] is False


def test_it_refuses_an_unknown_queue():
    with pytest.raises(ConfigError, match="PARITY_TASK_QUEUE"):
        queue_settings("development", DATA, {"PARITY_TASK_QUEUE": "amqp://x"})


@pytest.mark.parametrize(("raw", "expected"), [(None, 200), ("5", 5), (" 1024 ", 1024)])
def test_it_reads_the_upload_limit(raw, expected):
    assert upload_max_mb({} if raw is None else {"PARITY_UPLOAD_MAX_MB": raw}) == expected


@pytest.mark.parametrize("raw", ["0", "-3", "1.5", "lots"])
def test_it_refuses_a_bad_upload_limit(raw):
    with pytest.raises(ConfigError, match="PARITY_UPLOAD_MAX_MB"):
        upload_max_mb({"PARITY_UPLOAD_MAX_MB": raw})
