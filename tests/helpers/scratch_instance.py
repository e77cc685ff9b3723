"""Parity in processes of its own, on a database of its own: for tests whose subject is a real
process (a worker, an import killed with SIGKILL, `parity serve`), which cannot see the test's
in-memory database or its uncommitted transaction.

The database is a SQLite file in the test's folder, or, when DATABASE_URL points at
PostgreSQL, a database created for the test beside it and dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


class ScratchDatabase:
    """A fresh database for the subprocesses, and plain SQL to look into it."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "parity.sqlite3"
        if ON_POSTGRES:
            self.name = f"parity_scratch_{uuid.uuid4().hex[:10]}"
            self.admin(f'CREATE DATABASE "{self.name}"')
            self.url = PG_URL.rsplit("/", 1)[0] + f"/{self.name}"
        else:
            self.url = f"sqlite:///{self.file}"

    def admin(self, sql: str) -> None:
        import psycopg

        # The maintenance database: DATABASE_URL's own may not exist (pytest-django tests in
        # test_<name>, never in <name>).
        maintenance = PG_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    def rows(self, sql: str, *params: object) -> list[tuple]:
        """The rows of a query whose parameters are written ``?``."""
        if ON_POSTGRES:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return connection.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.file, timeout=30) as connection:
            return connection.execute(sql, params).fetchall()

    def drop(self) -> None:
        if ON_POSTGRES:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def scratch_database(folder: Path) -> Iterator[ScratchDatabase]:
    database = ScratchDatabase(folder)
    try:
        yield database
    finally:
        database.drop()


def migrated_environment(folder: Path, database: ScratchDatabase, **settings: str) -> dict:
    """The environment of a Parity with its data in ``folder`` and its tables in ``database``
    (migrated before this returns), with any other ``PARITY_…`` settings given."""
    env = {**os.environ, "PARITY_DATA_DIR": str(folder), "DATABASE_URL": database.url, **settings}
    subprocess.run([sys.executable, "-m", "parity", "migrate", "-v0"], env=env, check=True)
    return env


def parity_shell(env: dict, code: str) -> str:
    """Run Python code in `parity shell`; what it prints."""
    done = subprocess.run(
        [sys.executable, "-m", "parity", "shell", "-v0", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def mark_abandoned_runs(env: dict) -> None:
    """What the import page, the API and the next run do first: fail the runs whose process
    is gone."""
    parity_shell(
        env, "from parity.activities.importer import mark_abandoned_runs; mark_abandoned_runs()"
    )
