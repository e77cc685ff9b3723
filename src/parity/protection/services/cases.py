"""Hotline contacts and cases: opening, editing, screening, the team's decision, services,
follow-ups, closing and revealing identifying details. Each service checks access with
``check_case``, the case's state, then writes in one transaction with its audit row."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from parity.protection import audit, conf, keys
from parity.protection.audit import Actor
from parity.protection.core import access, vocab
from parity.protection.core.indicators import unknown as unknown_indicators
from parity.protection.models import (
    Agency,
    Case,
    Contact,
    Decision,
    FollowUp,
    Membership,
    Service,
    Team,
)
from parity.protection.services.access import check_case, require_agency
from parity.protection.services.base import NotAllowedError, ProtectionError, choice, run

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


def identity_of(case: Case) -> dict[str, str]:
    if not case.identity_ct:
        return {}
    return json.loads(keys.unseal(case.identity_ct, case.identity_ad()))


def seal_identity(case: Case, identity: dict[str, str]) -> None:
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
        choice(channel, vocab.CHANNELS, "channel")
        choice(caller, vocab.CALLERS, "caller")
        choice(topic, vocab.TOPICS, "topic")
        choice(risk, vocab.RISKS, "risk")
        choice(action, vocab.CONTACT_ACTIONS, "action")
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

    return run(actor, "contact.log", "", work)


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
        choice(exploitation, vocab.TOPICS, "exploitation type")
        choice(sex, vocab.SEXES, "sex")
        choice(age_band, vocab.AGE_BANDS, "age band")
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
        seal_identity(case, identity or {})
        case.save()
        if contact is not None:
            if contact.agency_id != actor.agency_id:
                raise ProtectionError(
                    _("This contact belongs to another agency."), "contact_not_ours"
                )
            Contact.objects.filter(pk=contact.pk).update(case=case, action="case_opened")
        audit.record(actor, "case.open", case.number)
        return case

    return run(actor, "case.open", "", work)


def case_edit(
    actor: Actor,
    number: str,
    *,
    identity: dict[str, str] | None = None,
    profile: dict[str, str] | None = None,
) -> Case:
    def work():
        case, _rel = check_case(actor, number, access.EDIT, lock=True)
        open_only(case)
        if identity is not None:
            seal_identity(case, identity)
        if profile is not None:
            case.sex = choice(profile.get("sex", case.sex), vocab.SEXES, "sex")
            case.age_band = choice(
                profile.get("age_band", case.age_band), vocab.AGE_BANDS, "age band"
            )
            case.nationality = profile.get("nationality", case.nationality).strip().upper()[:2]
        case.version += 1
        case.save()
        audit.record(
            actor, "case.edit", number, note="identity" if identity is not None else "profile"
        )
        return case

    return run(actor, "case.edit", number, work)


def open_only(case: Case) -> None:
    if case.status != Case.OPEN:
        raise ProtectionError(_("This case is closed: nothing can be added."), "closed")


def case_screen(
    actor: Actor, number: str, indicators: list[str], today: date | None = None
) -> Case:
    """Record the indicators found; any indicator makes the person a presumed victim and starts
    the reflection and recovery period (when it has not started yet)."""

    def work():
        case, _rel = check_case(actor, number, access.EDIT, lock=True)
        open_only(case)
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

    return run(actor, "case.screen", number, work)


def case_decide(
    actor: Actor, number: str, *, decision: str, decided_on: date, member_ids: list[int], basis: str
) -> Decision:
    """The team's formal decision: the recorder and every listed member belong to the case's
    team, and at least two members of two agencies take part."""

    def work():
        case, _rel = check_case(actor, number, access.DECIDE, lock=True)
        open_only(case)
        choice(decision, vocab.DECISIONS, "decision")
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

    return run(actor, "case.decide", number, work)


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
        case, _rel = check_case(actor, number, access.SERVICE, lock=True)
        open_only(case)
        choice(kind, vocab.SERVICES, "service")
        choice(status, vocab.SERVICE_STATUSES, "status")
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

    return run(actor, "case.service", number, work)


def followup_add(actor: Actor, number: str, *, on: date, outcome: str, notes: str = "") -> FollowUp:
    def work():
        case, _rel = check_case(actor, number, access.SERVICE, lock=True)
        open_only(case)
        choice(outcome, vocab.OUTCOMES, "outcome")
        followup = FollowUp.objects.create(
            case=case, on=on, outcome=outcome, recorded_by=actor.user
        )
        if notes.strip():
            followup.notes_ct = keys.seal(notes.strip(), followup.notes_ad())
            followup.save(update_fields=["notes_ct"])
        audit.record(actor, "case.followup", number, note=outcome)
        return followup

    return run(actor, "case.followup", number, work)


def case_close(actor: Actor, number: str, reason: str) -> Case:
    def work():
        case, _rel = check_case(actor, number, access.CLOSE, lock=True)
        open_only(case)
        case.closure_reason = choice(reason, vocab.CLOSURE_REASONS, "reason")
        case.status, case.closed_at = Case.CLOSED, timezone.now()
        case.version += 1
        case.save()
        audit.record(actor, "case.close", number, note=reason)
        return case

    return run(actor, "case.close", number, work)


def reveal_identity(actor: Actor, number: str) -> dict[str, str]:
    """Identifying details in clear, for someone allowed to see them (views also demand a
    recent re-authentication)."""

    def work():
        case, _rel = check_case(actor, number, access.REVEAL)
        audit.record(actor, "case.reveal", number)
        return identity_of(case)

    return run(actor, "case.reveal", number, work)
