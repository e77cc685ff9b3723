"""Consent, recorded per purpose (and receiving agency): given or withdrawn, with what was
explained. The rules of what a consent allows are ``core.consent``."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from parity.protection import audit
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.core import consent as consent_rules
from parity.protection.models import Agency, Case, Consent
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
        return record

    return run(actor, "case.consent", number, work)


def consent_records(case: Case) -> list[consent_rules.ConsentRecord]:
    return [
        consent_rules.ConsentRecord(c.pk, c.purpose, c.agency_id, c.given, c.on)
        for c in Consent.objects.filter(case=case)
    ]
