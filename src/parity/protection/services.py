"""Services: every read of a case and every write of the protection module.

Each function takes an ``Actor``, asks ``core.access.decide`` through ``open_case``, checks the
current state, writes in one transaction with its audit row, and raises ``ProtectionError``
with a message for the user when it refuses. A refusal is audited after the rollback, so the
attempt is on record while nothing changed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parity.protection import audit, conf, keys
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.core import consent as consent_rules
from parity.protection.core.indicators import unknown as unknown_indicators
from parity.protection.models import (
    Agency,
    Case,
    Consent,
    Contact,
    Decision,
    FollowUp,
    Membership,
    Referral,
    Service,
    Team,
)

T = TypeVar("T")
IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "phone",
    "email",
    "address",
    "documents",
    "narrative",
)
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


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


def _run(actor: Actor, action: str, number: str, work: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return work()
    except ProtectionError as error:
        audit.record(actor, action, number, error.outcome, error.code)
        raise


# -- who is who ---------------------------------------------------------------------------------


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


def _check(
    actor: Actor, number: str, action: str, lock: bool = False
) -> tuple[Case, access.Relation]:
    query = Case.objects.select_for_update() if lock else Case.objects
    case = query.filter(number=number).first()
    if case is None:
        raise CaseNotFoundError()
    rel = relation(actor.membership, case)
    outcome = access.decide(actor.role, rel, action)
    if outcome == access.NOT_FOUND:
        raise CaseNotFoundError()  # the same answer as for a number that does not exist
    if outcome == access.FORBIDDEN:
        raise NotAllowedError()
    return case, rel


def open_case(actor: Actor, number: str, action: str = access.READ) -> tuple[Case, access.Relation]:
    """The one way to reach a case: checks access and writes the audit row either way."""

    def work():
        found = _check(actor, number, action)
        audit.record(actor, f"case.{action}", number)
        return found

    return _run(actor, f"case.{action}", number, work)


# -- encryption helpers -------------------------------------------------------------------------


def identity_of(case: Case) -> dict[str, str]:
    if not case.identity_ct:
        return {}
    return json.loads(keys.unseal(case.identity_ct, case.identity_ad()))


def _seal_identity(case: Case, identity: dict[str, str]) -> None:
    clean = {k: str(identity.get(k, "")).strip() for k in IDENTITY_FIELDS}
    clean = {k: v for k, v in clean.items() if v}
    case.identity_ct = keys.seal(json.dumps(clean), case.identity_ad()) if clean else ""


def text_of(ciphertext: str, associated: str) -> str:
    return keys.unseal(ciphertext, associated) if ciphertext else ""


def new_case_number() -> str:
    while True:
        body = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
        number = f"PT-{body[:4]}-{body[4:]}"
        if not Case.objects.filter(number=number).exists():
            return number


def _choice(value: str, allowed: Iterable[str], what: str) -> str:
    if value not in allowed:
        raise ProtectionError(_("Choose a valid %(what)s.") % {"what": what}, f"invalid_{what}")
    return value


# -- contacts and cases -------------------------------------------------------------------------


def contact_log(
    actor: Actor,
    *,
    channel: str,
    caller: str,
    language: str,
    topic: str,
    risk: str,
    action: str,
    details: str = "",
    at=None,
) -> Contact:
    require_agency(actor, access.INTAKE)

    def work():
        _choice(channel, vocab.CHANNELS, "channel")
        _choice(caller, vocab.CALLERS, "caller")
        _choice(topic, vocab.TOPICS, "topic")
        _choice(risk, vocab.RISKS, "risk")
        _choice(action, vocab.CONTACT_ACTIONS, "action")
        contact = Contact.objects.create(
            agency_id=actor.agency_id,
            counsellor=actor.user,
            at=at or timezone.now(),
            channel=channel,
            caller=caller,
            language=(language or "")[:10],
            topic=topic,
            risk=risk,
            action=action,
        )
        if details.strip():
            contact.details_ct = keys.seal(details.strip(), contact.details_ad())
            contact.save(update_fields=["details_ct"])
        audit.record(actor, "contact.log", "", note=f"contact {contact.pk}")
        return contact

    return _run(actor, "contact.log", "", work)


def case_open(
    actor: Actor,
    *,
    exploitation: str,
    sex: str = "unknown",
    age_band: str = "unknown",
    nationality: str = "",
    identity: dict[str, str] | None = None,
    contact: Contact | None = None,
    team: Team | None = None,
) -> Case:
    require_agency(actor, access.INTAKE)

    def work():
        _choice(exploitation, vocab.TOPICS, "exploitation type")
        _choice(sex, vocab.SEXES, "sex")
        _choice(age_band, vocab.AGE_BANDS, "age band")
        if team is not None and actor.agency_id not in team.agency_ids():
            raise ProtectionError(_("Your agency is not part of this team."), "team_not_ours")
        case = Case(
            number=new_case_number(),
            agency_id=actor.agency_id,
            team=team,
            opened_by=actor.user,
            sex=sex,
            age_band=age_band,
            nationality=nationality.strip().upper()[:2],
            exploitation=exploitation,
        )
        _seal_identity(case, identity or {})
        case.save()
        if contact is not None:
            if contact.agency_id != actor.agency_id:
                raise ProtectionError(
                    _("This contact belongs to another agency."), "contact_not_ours"
                )
            Contact.objects.filter(pk=contact.pk).update(case=case, action="case_opened")
        audit.record(actor, "case.open", case.number)
        return case

    return _run(actor, "case.open", "", work)


def case_edit(
    actor: Actor,
    number: str,
    *,
    identity: dict[str, str] | None = None,
    profile: dict[str, str] | None = None,
) -> Case:
    def work():
        case, _rel = _check(actor, number, access.EDIT, lock=True)
        _open_only(case)
        if identity is not None:
            _seal_identity(case, identity)
        if profile is not None:
            case.sex = _choice(profile.get("sex", case.sex), vocab.SEXES, "sex")
            case.age_band = _choice(
                profile.get("age_band", case.age_band), vocab.AGE_BANDS, "age band"
            )
            case.nationality = profile.get("nationality", case.nationality).strip().upper()[:2]
        case.version += 1
        case.save()
        audit.record(
            actor, "case.edit", number, note="identity" if identity is not None else "profile"
        )
        return case

    return _run(actor, "case.edit", number, work)


def _open_only(case: Case) -> None:
    if case.status != Case.OPEN:
        raise ProtectionError(_("This case is closed: nothing can be added."), "closed")


def case_screen(
    actor: Actor, number: str, indicators: list[str], today: date | None = None
) -> Case:
    """Record the indicators found; any indicator makes the person a presumed victim and starts
    the reflection and recovery period (when it has not started yet)."""

    def work():
        case, _rel = _check(actor, number, access.EDIT, lock=True)
        _open_only(case)
        bad = unknown_indicators(indicators)
        if bad:
            raise ProtectionError(
                _("Unknown indicators: %(ids)s.") % {"ids": ", ".join(bad)}, "invalid_indicator"
            )
        case.indicators = sorted(set(indicators))
        case.screened_at = timezone.now()
        if indicators and case.identification == "potential":
            case.identification = "presumed"
            start = today or timezone.localdate()
            case.reflection_start = start
            case.reflection_end = start + timedelta(days=conf.reflection_days())
        case.version += 1
        case.save()
        audit.record(actor, "case.screen", number, note=f"{len(case.indicators)} indicators")
        return case

    return _run(actor, "case.screen", number, work)


def case_decide(
    actor: Actor, number: str, *, decision: str, decided_on: date, member_ids: list[int], basis: str
) -> Decision:
    """The team's formal decision: the recorder and every listed member belong to the case's
    team, and at least two members of two agencies take part."""

    def work():
        case, _rel = _check(actor, number, access.DECIDE, lock=True)
        _open_only(case)
        _choice(decision, vocab.DECISIONS, "decision")
        team = case.team
        team_member_ids = set(team.members.values_list("pk", flat=True))
        if actor.membership.pk not in team_member_ids:
            raise NotAllowedError(_("Only members of the case's team can record its decision."))
        members = list(Membership.objects.filter(pk__in=member_ids))
        if len(members) != len(set(member_ids)) or not set(member_ids) <= team_member_ids:
            raise ProtectionError(
                _("Every member of the decision must belong to the case's team."),
                "member_not_in_team",
            )
        if len(members) < 2 or len({m.agency_id for m in members}) < 2:
            raise ProtectionError(
                _("A team decision needs members of at least two agencies."), "too_few_members"
            )
        if not basis.strip():
            raise ProtectionError(_("Write the basis of the decision."), "no_basis")
        if decided_on > timezone.localdate():
            raise ProtectionError(_("The decision date cannot be in the future."), "future_date")
        record = Decision.objects.create(
            case=case, team=team, decided_on=decided_on, decision=decision, recorded_by=actor.user
        )
        record.members.set(members)
        record.basis_ct = keys.seal(basis.strip(), record.basis_ad())
        record.save(update_fields=["basis_ct"])
        case.identification = decision
        case.version += 1
        case.save()
        audit.record(actor, "case.decide", number, note=decision)
        return record

    return _run(actor, "case.decide", number, work)


def service_add(
    actor: Actor,
    number: str,
    *,
    kind: str,
    provider: Agency,
    start: date,
    status: str,
    end: date | None = None,
) -> Service:
    def work():
        case, _rel = _check(actor, number, access.SERVICE, lock=True)
        _open_only(case)
        _choice(kind, vocab.SERVICES, "service")
        _choice(status, vocab.SERVICE_STATUSES, "status")
        if end and end < start:
            raise ProtectionError(_("A service cannot end before it starts."), "dates")
        service = Service.objects.create(
            case=case,
            kind=kind,
            provider=provider,
            start=start,
            end=end,
            status=status,
            recorded_by=actor.user,
        )
        audit.record(actor, "case.service", number, note=kind)
        return service

    return _run(actor, "case.service", number, work)


def followup_add(actor: Actor, number: str, *, on: date, outcome: str, notes: str = "") -> FollowUp:
    def work():
        case, _rel = _check(actor, number, access.SERVICE, lock=True)
        _open_only(case)
        _choice(outcome, vocab.OUTCOMES, "outcome")
        followup = FollowUp.objects.create(
            case=case, on=on, outcome=outcome, recorded_by=actor.user
        )
        if notes.strip():
            followup.notes_ct = keys.seal(notes.strip(), followup.notes_ad())
            followup.save(update_fields=["notes_ct"])
        audit.record(actor, "case.followup", number, note=outcome)
        return followup

    return _run(actor, "case.followup", number, work)


def case_close(actor: Actor, number: str, reason: str) -> Case:
    def work():
        case, _rel = _check(actor, number, access.CLOSE, lock=True)
        _open_only(case)
        case.closure_reason = _choice(reason, vocab.CLOSURE_REASONS, "reason")
        case.status, case.closed_at = Case.CLOSED, timezone.now()
        case.version += 1
        case.save()
        audit.record(actor, "case.close", number, note=reason)
        return case

    return _run(actor, "case.close", number, work)


def reveal_identity(actor: Actor, number: str) -> dict[str, str]:
    """Identifying details in clear, for someone allowed to see them (views also demand a
    recent re-authentication)."""

    def work():
        case, _rel = _check(actor, number, access.REVEAL)
        audit.record(actor, "case.reveal", number)
        return identity_of(case)

    return _run(actor, "case.reveal", number, work)


# -- consent ------------------------------------------------------------------------------------


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
        case, _rel = _check(actor, number, access.EDIT, lock=True)
        _choice(purpose, vocab.CONSENT_PURPOSES, "purpose")
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

    return _run(actor, "case.consent", number, work)


def consent_records(case: Case) -> list[consent_rules.ConsentRecord]:
    return [
        consent_rules.ConsentRecord(c.pk, c.purpose, c.agency_id, c.given, c.on)
        for c in Consent.objects.filter(case=case)
    ]


# -- referrals ----------------------------------------------------------------------------------


def referral_send(
    actor: Actor, number: str, *, to_agency: Agency, sections: list[str], override_reason: str = ""
) -> Referral:
    def work():
        case, _rel = _check(actor, number, access.REFER, lock=True)
        _open_only(case)
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

    return _run(actor, "referral.send", number, work)


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
        _check(actor, referral.case.number, access.REFER, lock=True)
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        if referral.status not in ("pending", "accepted"):
            raise ProtectionError(
                _("Only a pending or accepted referral can be revoked."), "not_active"
            )
        referral.status = "revoked"
        referral.save()
        audit.record(actor, "referral.revoke", referral.case.number, note=f"referral {referral.pk}")
        return referral

    return _run(actor, "referral.revoke", "", work)


# -- exports ------------------------------------------------------------------------------------


def export_rows(actor: Actor) -> list[dict[str, Any]]:
    """The agency's cases as de-identified facts for HTCDS, only where the survivor consented to
    statistics (the latest statistics consent is given)."""
    cases = Case.objects.filter(agency_id=actor.agency_id).order_by("opened_at", "pk")
    consents: dict[int, list[consent_rules.ConsentRecord]] = {}
    for c in Consent.objects.filter(case__agency_id=actor.agency_id, purpose="statistics"):
        consents.setdefault(c.case_id, []).append(
            consent_rules.ConsentRecord(c.pk, c.purpose, c.agency_id, c.given, c.on)
        )
    return [
        {
            "year": case.opened_at.year,
            "sex": case.sex,
            "age_band": case.age_band,
            "nationality": case.nationality,
            "identification": case.identification,
            "indicators": case.indicators,
            "exploitation": case.exploitation,
        }
        for case in cases.only(
            "opened_at",
            "sex",
            "age_band",
            "nationality",
            "identification",
            "indicators",
            "exploitation",
        )
        if consent_rules.statistics_allowed(consents.get(case.pk, []))
    ]
