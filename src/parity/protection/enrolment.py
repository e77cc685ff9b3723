"""Enrolment codes: what a member needs, besides the password, to set up the second factor.

A supervisor of the member's agency (or an operator, with ``parity protection-enrolment-code``
for the first supervisor and for administrators) issues a code; it is shown once, kept only as
a SHA-256 hash bound to the user, expires after ``ENROLMENT_HOURS`` and works once. The codes
are 80 random bits, so a fast hash is enough; wrong guesses are throttled like logins.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from parity.protection.models import EnrolmentCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
ENROLMENT_HOURS = 72


def _hash(user: Any, code: str) -> str:
    clean = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(f"{user.pk}:{clean}".encode()).hexdigest()


def issue(user: Any, issued_by: Any | None) -> str:
    """A new code for ``user`` (earlier unused ones stop working); the only time it is seen."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(16))
    code = "-".join(body[i : i + 4] for i in range(0, 16, 4))
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        EnrolmentCode.objects.create(
            user=user,
            code_hash=_hash(user, code),
            issued_by=issued_by,
            expires_at=timezone.now() + timedelta(hours=ENROLMENT_HOURS),
        )
    return code


def redeem(user: Any, code: str) -> bool:
    """True once for a valid, unexpired code of this user; the code is then used up."""
    used = EnrolmentCode.objects.filter(
        user=user, code_hash=_hash(user, code), used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    return used == 1
