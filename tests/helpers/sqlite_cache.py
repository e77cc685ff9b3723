"""The page cache the default connection has now: what a loader's settings are checked by."""

from __future__ import annotations

from django.db import connection


def cache_size() -> int | None:
    """SQLite's ``PRAGMA cache_size`` (negative: KiB), or None on PostgreSQL."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]
