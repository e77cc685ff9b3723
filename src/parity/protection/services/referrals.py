"""Referrals: a case sent to another agency with chosen sections, only with the survivor's
consent (or a supervisor's written override); the receiver accepts or declines; the sender
revokes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parity.protection import audit
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.core import consent as consent_rules
from parity.protection.models import Agency, Referral
from parity.protection.services.access import check_case
from parity.protection.services.base import CaseNotFoundError, NotAllowedError, ProtectionError, run
from parity.protection.services.cases import open_only
from parity.protection.services.consent import consent_records


def referral_send(
    actor: Actor, number: str, *, to_agency: Agency, sections: list[str], override_reason: str = ""
) -> Referral:
    def work():
        case, _rel = check_case(actor, number, access.REFER, lock=True)
        open_only(case)
        if not sections or set(sections) - set(vocab.SECTIONS):
            raise ProtectionError(_("Choose the sections to share."), "no_sections")
        if to_agency.pk == case.agency_id:
            raise ProtectionError(_("The case already belongs to this agency."), "same_agency")
        if Referral.objects.filter(
            case=case, to_agency=to_agency, status__in=["pending", "accepted"]
        ).exists():
            raise ProtectionError(_("This agency already has a referral of the case."), "duplicate")
        cross_border = to_agency.country != case.agency.country
        if cross_border and (case.team is None or to_agency.pk not in case.team.agency_ids()):
            raise ProtectionError(
                _(
                    "A cross-border transfer goes only to an agency in the case's "
                    "multi-disciplinary team."
                ),
                "not_in_team",
            )
        refusal = consent_rules.referral_refusal(consent_records(case), to_agency.pk, cross_border)
        override = override_reason.strip()
        if refusal:
            if not override:
                raise ProtectionError(refusal, "no_consent")
            if access.decide(actor.role, _rel, access.OVERRIDE) != access.ALLOW:
                raise NotAllowedError(_("Only a supervisor can override missing consent."))
        elif override:
            override = ""  # consent is there: nothing is overridden
        referral = Referral.objects.create(
            case=case,
            from_agency=case.agency,
            to_agency=to_agency,
            sections=sorted(set(sections)),
            cross_border=cross_border,
            sent_by=actor.user,
            override_reason=override,
            override_by=actor.user if override else None,
        )
        note = f"to agency {to_agency.pk}" + (" consent overridden" if override else "")
        audit.record(actor, "referral.send", number, note=note)
        return referral

    return run(actor, "referral.send", number, work)


def _referral_for(actor: Actor, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_for_update().select_related("case").filter(pk=referral_id).first()
    )
    if referral is None:
        raise CaseNotFoundError()
    return referral


def referral_respond(actor: Actor, referral_id: int, accept: bool) -> Referral:
    action = "referral.accept" if accept else "referral.decline"
    holder: dict[str, str] = {"number": ""}

    def work():
        referral = _referral_for(actor, referral_id)
        if referral.to_agency_id != actor.agency_id:
            raise CaseNotFoundError()  # another agency's referral: as if it did not exist
        holder["number"] = referral.case.number
        if access.decide_agency(actor.role, access.RESPOND) != access.ALLOW:
            raise NotAllowedError()
        if referral.status != "pending":
            raise ProtectionError(
                _("This referral is %(status)s, not pending.")
                % {"status": referral.get_status_display().lower()},
                "not_pending",
            )
        if accept:  # consent may have been withdrawn since the referral was sent
            refusal = consent_rules.acceptance_refusal(
                consent_records(referral.case),
                referral.to_agency_id,
                referral.cross_border,
                referral.sent_at,
                overridden=bool(referral.override_reason),
            )
            if refusal:
                raise ProtectionError(refusal, "no_consent")
        referral.status = "accepted" if accept else "declined"
        referral.responded_by, referral.responded_at = actor.user, timezone.now()
        referral.save()
        audit.record(actor, action, referral.case.number, note=f"referral {referral.pk}")
        return referral

    try:
        with transaction.atomic():
            return work()
    except ProtectionError as error:
        audit.record(actor, action, holder["number"], error.outcome, error.code)
        raise


def referral_revoke(actor: Actor, referral_id: int) -> Referral:
    def work():
        referral = Referral.objects.select_related("case").filter(pk=referral_id).first()
        if referral is None:
            raise CaseNotFoundError()
        check_case(actor, referral.case.number, access.REFER, lock=True)
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.status not in ("pending", "accepted"):
            raise ProtectionError(
                _("Only a pending or accepted referral can be revoked."), "not_active"
            )
        referral.status = "revoked"
        referral.save()
        audit.record(actor, "referral.revoke", referral.case.number, note=f"referral {referral.pk}")
        return referral

    return run(actor, "referral.revoke", "", work)
