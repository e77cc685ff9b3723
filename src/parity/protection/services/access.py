"""Who is who, and the one way to reach a case: ``open_case`` (and ``check_case`` inside a
service's own transaction) asks ``core.access.decide`` with the user's relation to the case."""

from __future__ import annotations

from typing import Any

from parity.protection import audit
from parity.protection.audit import Actor
from parity.protection.core import access
from parity.protection.models import Case, Membership, Referral
from parity.protection.services.base import (
    AccessWithdrawnError,
    CaseNotFoundError,
    NotAllowedError,
    run,
)


def membership_of(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_protection_membership", False)
    if cached is False:
        cached = Membership.objects.select_related("agency").filter(user=user).first()
        user._protection_membership = cached
    return cached


def relation(membership: Membership | None, case: Case) -> access.Relation:
    if membership is None:
        return access.OUTSIDER
    in_team = bool(case.team_id) and membership.teams.filter(pk=case.team_id).exists()
    shared: set[str] | None = None
    for sections in Referral.objects.filter(
        case=case, to_agency_id=membership.agency_id, status="accepted"
    ).values_list("sections", flat=True):
        shared = (shared or set()) | set(sections)
    return access.Relation(
        owner=case.agency_id == membership.agency_id,
        in_team=in_team,
        shared=None if shared is None else frozenset(shared),
    )


def require_agency(actor: Actor, action: str) -> None:
    outcome = access.decide_agency(actor.role, action)
    if outcome != access.ALLOW:
        audit.record(actor, f"agency.{action}", "", outcome, outcome)
        if outcome == access.NOT_FOUND:
            raise CaseNotFoundError()
        raise NotAllowedError()


def check_case(
    actor: Actor, number: str, action: str, lock: bool = False
) -> tuple[Case, access.Relation]:
    """The case and the actor's relation to it, or the refusal (not audited: the caller's
    ``run`` audits it after the rollback)."""
    query = Case.objects.select_for_update() if lock else Case.objects
    case = query.filter(number=number).first()
    if case is None:
        raise CaseNotFoundError()
    rel = relation(actor.membership, case)
    outcome = access.decide(actor.role, rel, action)
    if outcome == access.NOT_FOUND:
        _refuse_former_receiver(actor, case)
        raise CaseNotFoundError()  # the same answer as for a number that does not exist
    if outcome == access.FORBIDDEN:
        raise NotAllowedError()
    return case, rel


def _refuse_former_receiver(actor: Actor, case: Case) -> None:
    if actor.membership is None:
        return
    stopped = (
        Referral.objects.filter(case=case, to_agency_id=actor.agency_id, status="withdrawn")
        .order_by("-withdrawn_at")
        .first()
    )
    if stopped is not None:
        raise AccessWithdrawnError(f"{stopped.withdrawn_at:%Y-%m-%d}")


def open_case(actor: Actor, number: str, action: str = access.READ) -> tuple[Case, access.Relation]:
    """The one way to reach a case: checks access and writes the audit row either way."""

    def work() -> tuple[Case, access.Relation]:
        found = check_case(actor, number, action)
        audit.record(actor, f"case.{action}", number)
        return found

    return run(actor, f"case.{action}", number, work)
