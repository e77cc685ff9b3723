"""Writing and verifying the append-only, hash-chained audit log.

``record`` joins the caller's transaction when there is one (a write and its audit row commit or
roll back together); refusals are recorded by ``services`` after the refused transaction rolled
back, so the attempt is kept although nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from parity.protection.core import chain
from parity.protection.models import AuditEntry, AuditHead

OK, REFUSED, NOT_FOUND, FORBIDDEN = "ok", "refused", "not_found", "forbidden"
WITHDRAWN = "withdrawn"  # a former receiver, after the survivor withdrew consent


@dataclass(frozen=True)
class Actor:
    """Who is acting, from where: built by the view from the request."""

    user: Any
    membership: Any  # protection Membership or None
    ip: str | None = None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def agency_id(self) -> int | None:
        return self.membership.agency_id if self.membership else None


def record(
    actor: Actor | None, action: str, case_number: str = "", outcome: str = OK, note: str = ""
) -> AuditEntry:
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            user_id_ref=getattr(getattr(actor, "user", None), "pk", None),
            agency_id_ref=actor.agency_id if actor else None,
            action=action,
            case_number=case_number[:20],
            outcome=outcome,
            note=note[:200],
            ip=actor.ip if actor else None,
            prev_hash=head.hash,
        )
        entry.save()
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
        return entry


def verify(batch: int = 5000) -> tuple[int, chain.Break | None]:
    """Recompute the chain over every entry; also catch deleted rows at the end of the log."""

    def rows():
        last = 0
        while True:
            chunk = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
            if not chunk:
                return
            for e in chunk:
                yield e.seq, e.prev_hash, e.hash, e.entry()
            last = chunk[-1].seq

    count, broken = chain.verify(rows())
    if broken is None:
        head = AuditHead.objects.filter(pk=1).first()
        if head and head.seq != count:
            return count, chain.Break(
                count + 1,
                f"the log ends at entry {count} but {head.seq} were written (deleted rows)",
            )
    return count, broken
