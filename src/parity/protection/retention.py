"""Retention: identifying text of closed cases, and the personal details of hotline contacts that
never became cases, is erased after the retention period; the statistical facts stay. Then the
database files are compacted, so the erased values (ciphertexts, which the key would still open)
cannot be read back from free space or old row versions."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from parity.protection.models import Case, Contact, Decision, FollowUp

# PostgreSQL's VACUUM VERBOSE: "3 dead row versions cannot be removed yet."
KEPT = re.compile(r"(\d+) dead row versions cannot be removed yet")
# Every table that holds an encrypted personal value the purge erases.
ERASED_TABLES = (Case, Contact, Decision, FollowUp)


@dataclass(frozen=True)
class Purged:
    cases: list[str]  # the numbers of the anonymised cases
    contacts: int  # contacts whose personal details were erased


def anonymise_expired(cutoff: datetime) -> Purged:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # freed bytes are overwritten with zeros
            cursor.execute("PRAGMA secure_delete = ON")
    with transaction.atomic():
        cases = Case.objects.select_for_update().filter(
            status=Case.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        )
        numbers = list(cases.values_list("number", flat=True))
        ids = list(cases.values_list("pk", flat=True))
        # Sex, age band, nationality, exploitation, indicators, dates, services and outcomes
        # stay: they are what statistics count and identify nobody on their own.
        Case.objects.filter(pk__in=ids).update(identity_ct="", anonymised_at=timezone.now())
        Contact.objects.filter(case_id__in=ids).update(details_ct="")
        Decision.objects.filter(case_id__in=ids).update(basis_ct="")
        FollowUp.objects.filter(case_id__in=ids).update(notes_ct="")
        # A contact that never became a case has nothing to wait for: its own date counts.
        contacts = (
            Contact.objects.filter(case__isnull=True, at__lt=cutoff).exclude(details_ct="")
        ).update(details_ct="")
    return Purged(numbers, contacts)


def compact(attempts: int = 10, pause: float = 2.0) -> int:
    """Rewrite the database files without the erased values; returns how many old row versions
    are still kept (0 when done). SQLite: VACUUM rebuilds the file and the write-ahead log is
    truncated. PostgreSQL: VACUUM FULL rewrites the tables without their dead row versions,
    except those a running transaction may still see: it is tried again a few times (an
    automatic ANALYZE holds them for a moment). Outside any transaction; the tables are locked
    while it runs."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return 0
        if connection.vendor != "postgresql":
            return 0
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in ERASED_TABLES)
        kept = 0
        for attempt in range(attempts):
            if attempt:
                time.sleep(pause)
            kept = _vacuum_full(cursor, names)
            if not kept:
                break
        return kept


def _vacuum_full(cursor: Any, names: str) -> int:
    """VACUUM FULL the tables; the dead row versions it had to keep, from its VERBOSE notes."""
    details: list[str] = []

    def note(diagnostic: Any) -> None:
        details.append(diagnostic.message_detail or "")

    connection.connection.add_notice_handler(note)
    try:
        cursor.execute(f"VACUUM (FULL, VERBOSE) {names}")
    finally:
        connection.connection.remove_notice_handler(note)
    return sum(int(n) for detail in details for n in KEPT.findall(detail))
