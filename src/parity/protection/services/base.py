"""What every protection service shares: the refusal errors, the transaction-and-audit wrapper and
the check of a code against its list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from parity.protection import audit
from parity.protection.audit import Actor

T = TypeVar("T")


class ProtectionError(Exception):
    """A refused request; ``str`` is shown to the user, ``code`` goes to the audit log."""

    outcome = audit.REFUSED

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


class CaseNotFoundError(ProtectionError):
    outcome = audit.NOT_FOUND

    def __init__(self) -> None:
        super().__init__(_("There is no such case."), "not_found")


class NotAllowedError(ProtectionError):
    outcome = audit.FORBIDDEN

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Your role does not allow this."), "forbidden")


class AccessWithdrawnError(ProtectionError):
    """A former receiver opens a case whose referral stopped when the survivor withdrew consent:
    they are told so (they knew the case), and see none of it."""

    outcome = audit.WITHDRAWN

    def __init__(self, on: str) -> None:
        super().__init__(
            _(
                "The survivor withdrew consent: your agency's access to this case was "
                "withdrawn on %(on)s."
            )
            % {"on": on},
            "consent_withdrawn",
        )


def run(actor: Actor, action: str, number: str, work: Callable[[], T]) -> T:
    """``work`` in one transaction; a refusal is audited after the rollback, so the attempt is
    on record while nothing changed."""
    try:
        with transaction.atomic():
            return work()
    except ProtectionError as error:
        audit.record(actor, action, number, error.outcome, error.code)
        raise


def choice(value: str, allowed: Iterable[str], what: str) -> str:
    if value not in allowed:
        raise ProtectionError(_("Choose a valid %(what)s.") % {"what": what}, f"invalid_{what}")
    return value
