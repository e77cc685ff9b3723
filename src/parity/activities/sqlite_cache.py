"""SQLite's page cache while a loader writes a file.

With SQLite's default of 2 MB, an index with keys in no particular order (activity identifiers,
transactions by type and date, sectors by code) outgrows the cache once the database holds a
few tens of thousands of activities: each insert then reads a leaf back from the file or the
write-ahead log and spills another to it (docs/performance.md, "CRS import" and "Issue 16,
ninth session").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# KiB of page cache while a file loads (the connection's own setting is restored after).
LOAD_CACHE_KIB = 32768


@contextmanager
def page_cache(kib: int = LOAD_CACHE_KIB) -> Iterator[None]:
    """SQLite: a page cache of ``kib`` KiB on this connection meanwhile (not on PostgreSQL)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        [before] = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
