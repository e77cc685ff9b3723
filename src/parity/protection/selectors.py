"""Reads for pages: lists carry no identifying fields at all (they never decrypt)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from parity.protection import services
from parity.protection.core import access, vocab
from parity.protection.models import AuditEntry, Case, Membership, Referral

LIST_FIELDS = (
    "pk",
    "number",
    "opened_at",
    "sex",
    "age_band",
    "nationality",
    "exploitation",
    "identification",
    "status",
)


def own_cases(agency_id: int) -> QuerySet:
    return (
        Case.objects.filter(agency_id=agency_id)
        .only(*LIST_FIELDS[1:])
        .order_by("-opened_at", "-id")
    )


def shared_cases(agency_id: int) -> QuerySet:
    # Ids first (a handful): a subquery would make SQLite walk every case in date order.
    ids = list(
        Referral.objects.filter(to_agency_id=agency_id, status="accepted").values_list(
            "case_id", flat=True
        )[:1000]
    )
    return Case.objects.filter(pk__in=ids).only(*LIST_FIELDS[1:]).order_by("-opened_at")


def team_cases(membership: Membership) -> QuerySet:
    team_ids = list(membership.teams.values_list("pk", flat=True))
    return (
        Case.objects.filter(team_id__in=team_ids, status=Case.OPEN)
        .exclude(agency_id=membership.agency_id)
        .only(*LIST_FIELDS[1:])
        .order_by("-opened_at")
    )


def incoming(agency_id: int) -> QuerySet:
    return (
        Referral.objects.filter(to_agency_id=agency_id, status="pending")
        .select_related("from_agency", "case")
        .only(
            "pk",
            "sent_at",
            "cross_border",
            "sections",
            "from_agency__name",
            "from_agency__country",
            "case__number",
        )
    )


def case_view(
    case: Case, rel: access.Relation, role: str | None, agency_id: int | None
) -> dict[str, Any]:
    """What the user may see of the case, section by section (identity stays hidden until a
    reveal, which has its own audited request)."""
    visible = {s: access.section_visible(role, rel, s) for s in vocab.SECTIONS}
    view: dict[str, Any] = {"visible": visible}
    if visible["identification"]:
        decisions = list(case.decisions.prefetch_related("members__user", "members__agency"))
        for d in decisions:
            d.basis = services.text_of(d.basis_ct, d.basis_ad())
        view["decisions"] = decisions
    if visible["services"]:
        view["services"] = list(case.services.select_related("provider"))
    if visible["followups"]:
        followups = list(case.followups.all())
        for f in followups:
            f.notes = services.text_of(f.notes_ct, f.notes_ad())
        view["followups"] = followups
    if rel.owner:
        view["consents"] = list(case.consents.select_related("agency"))
        view["referrals"] = list(case.referrals.select_related("from_agency", "to_agency"))
    else:  # a receiver, or a team member whose agency's referral was stopped, sees its own
        ours = case.referrals.filter(to_agency_id=agency_id, status__in=["accepted", "withdrawn"])
        view["referrals"] = list(ours.select_related("from_agency", "to_agency")) or None
    return view


def audit_trail(number: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(case_number=number).order_by("seq"))
