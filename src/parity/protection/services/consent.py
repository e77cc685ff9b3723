"""Consent, recorded per purpose (and receiving agency): given or withdrawn, with what was
explained. The rules of what a consent allows are ``core.consent``. A withdrawal takes effect at
once: in the same transaction it stops every pending or accepted referral it now decides."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from parity.protection import audit
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.core import consent as consent_rules
from parity.protection.models import Agency, Case, Consent, Referral
from parity.protection.services.access import check_case
from parity.protection.services.base import ProtectionError, choice, run


def consent_record(
    actor: Actor,
    number: str,
    *,
    purpose: str,
    given: bool,
    on: date,
    explained: list[str],
    agency: Agency | None = None,
) -> Consent:
    def work():
        case, _rel = check_case(actor, number, access.EDIT, lock=True)
        choice(purpose, vocab.CONSENT_PURPOSES, "purpose")
        if purpose == "referral" and agency is None:
            raise ProtectionError(
                _("Consent to a referral names the receiving agency."), "no_agency"
            )
        if given and set(explained) != set(vocab.CONSENT_EXPLAINED):
            raise ProtectionError(
                _("Consent counts only when every point of the checklist was explained."),
                "not_informed",
            )
        if on > timezone.localdate():
            raise ProtectionError(_("The consent date cannot be in the future."), "future_date")
        record = Consent.objects.create(
            case=case,
            purpose=purpose,
            agency=agency,
            given=given,
            on=on,
            explained=sorted(set(explained)),
            recorded_by=actor.user,
        )
        audit.record(
            actor, "case.consent", number, note=f"{purpose} {'given' if given else 'withdrawn'}"
        )
        if not given:
            _stop_referrals(actor, case, record)
        return record

    return run(actor, "case.consent", number, work)


def _stop_referrals(actor: Actor, case: Case, withdrawal: Consent) -> None:
    """Cancel pending referrals and end the access of accepted ones that the withdrawal covers:
    the receiver no longer sees the shared sections (``services.access.relation`` counts only
    accepted referrals) and is told that access was withdrawn."""
    records = consent_records(case)
    active = Referral.objects.select_for_update().filter(
        case=case, status__in=["pending", "accepted"]
    )
    for referral in active:
        if consent_rules.withdrawal_stops(
            records, withdrawal.pk, referral.to_agency_id, referral.cross_border
        ):
            was = referral.status
            referral.status, referral.withdrawn_at = "withdrawn", timezone.now()
            referral.save(update_fields=["status", "withdrawn_at"])
            note = f"referral {referral.pk} {was}: consent withdrawn"
            audit.record(actor, "referral.withdraw", case.number, note=note)


def consent_records(case: Case) -> list[consent_rules.ConsentRecord]:
    return [
        consent_rules.ConsentRecord(c.pk, c.purpose, c.agency_id, c.given, c.on, c.recorded_at)
        for c in Consent.objects.filter(case=case)
    ]
