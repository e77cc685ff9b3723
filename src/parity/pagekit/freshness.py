"""The data generation: a number that moves after every committed write to the aid data.

Pages rendered from the aid data are cached under the generation they were rendered at
(``parity.pagekit.pagecache``), so no page is served from before a change once the change has
committed. Rather than trusting every write path to say that it wrote (the ORM, bulk inserts,
raw SQL, imports in the worker), each database connection watches its own SQL: a statement
that writes a table of the aid-data apps marks its transaction, and the generation moves once
when that transaction commits (at once in autocommit). A rolled-back write moves nothing.

Tables that only hold what is derived and cached from the data (the figures' cache, stored
pledge progress) do not move it; neither do users, sessions or the protection module, whose
pages are never cached. Edits made outside Parity (psql) are not seen: run
``parity touch-data`` after them.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TRACKED_PREFIXES = ("activities_", "commitments_", "mainstreaming_", "analytics_")
# Written on reads (a page stores what it computed): moving the generation there would empty
# every cache each time a page fills one.
DERIVED_TABLES = frozenset({"analytics_figurecache", "commitments_pledgeprogresssnapshot"})
TABLE = "web_datageneration"

_WRITE = re.compile(
    r"(?:(?:INSERT(?:\s+OR\s+\w+)?|REPLACE)\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)"
    r'\s+"?(\w+)',
    re.IGNORECASE,
)
_WRITE_STARTS = ("INSERT", "UPDATE", "DELETE", "TRUNCA", "REPLAC")


def written_tables(sql: str) -> list[str]:
    """The tables a statement writes, lower-cased (none for a read)."""
    start = sql.lstrip()[:6].upper()
    if start in _WRITE_STARTS:
        found = _WRITE.match(sql.lstrip())
        return [found.group(1).lower()] if found else []
    if start.startswith("WITH"):  # a CTE may write further on
        return [name.lower() for name in _WRITE.findall(sql)]
    return []


def changes_aid_data(sql: str) -> bool:
    return any(
        table.startswith(TRACKED_PREFIXES) and table not in DERIVED_TABLES
        for table in written_tables(sql)
    )


class _BumpOnCommit:
    """The on-commit callback; a class so that a transaction registers it only once."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def __call__(self) -> None:
        bump(self.alias)


def bump(alias: str = "default") -> None:
    """Move the generation on: every cached page becomes out of date."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET number = number + 1 WHERE id = 1")


def current(alias: str = "default") -> int:
    """The generation now. Its row is made again if it went (``flush`` empties every table),
    starting from the clock so that it never goes back to a number it had before."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT number FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"INSERT INTO {TABLE} (id, number) VALUES (1, %s) ON CONFLICT (id) DO NOTHING",
                [clock_start()],
            )
            cursor.execute(f"SELECT number FROM {TABLE} WHERE id = 1")
            row = cursor.fetchone()
    return row[0]


def clock_start() -> int:
    """A starting number above any the generation had before (microseconds since 1970)."""
    return time.time_ns() // 1000


class _Migrations:
    """Whether ``migrate`` is running: its writes wait for one move at its end, since the
    generation's own table may not exist yet."""

    running = False


def migrations_started(**kwargs: Any) -> None:
    _Migrations.running = True


def migrations_finished(using: str = "default", **kwargs: Any) -> None:
    _Migrations.running = False
    if TABLE in connections[using].introspection.table_names():
        bump(using)


def _watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if not _Migrations.running and changes_aid_data(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump(connection.alias)
        elif not any(isinstance(entry[1], _BumpOnCommit) for entry in connection.run_on_commit):
            connection.on_commit(_BumpOnCommit(connection.alias))
    return result


def watch(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch the new connection's writes."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
