"""Bad input and the rules of the workflow: each refusal has a clear message, is audited, and
changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from parity.protection import audit, services
from parity.protection.models import AuditEntry, Case, Membership, Referral

from .conftest import ALL_EXPLAINED, give_consent

pytestmark = pytest.mark.django_db


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def refused(world, call, message: str, code: str):
    before = {
        "referrals": Referral.objects.count(),
        "case": Case.objects.filter(pk=world.case.pk).values().first(),
    }
    with pytest.raises(services.ProtectionError, match=message) as error:
        call()
    assert error.value.code == code
    entry = last_entry()
    assert entry.outcome in (audit.REFUSED, audit.FORBIDDEN, audit.NOT_FOUND)
    assert entry.note == code
    assert Referral.objects.count() == before["referrals"]
    assert Case.objects.filter(pk=world.case.pk).values().first() == before["case"]
    return entry


def test_a_referral_without_consent_is_refused(world):
    refused(
        world,
        lambda: services.referral_send(
            world.actor("case_worker"),
            world.case.number,
            to_agency=world.agencies["police"],
            sections=["profile"],
        ),
        "has not consented to referral to this agency",
        "no_consent",
    )


def test_a_withdrawn_consent_cannot_be_used_again(world):
    services.referral_revoke(world.actor("case_worker"), world.to_shelter.pk)
    give_consent(world, "referral", world.agencies["shelter"], given=False)
    refused(
        world,
        lambda: services.referral_send(
            world.actor("case_worker"),
            world.case.number,
            to_agency=world.agencies["shelter"],
            sections=["profile"],
        ),
        "withdrew consent",
        "no_consent",
    )


def test_a_case_worker_cannot_override_missing_consent_but_a_supervisor_can(world):
    refused(
        world,
        lambda: services.referral_send(
            world.actor("case_worker"),
            world.case.number,
            to_agency=world.agencies["police"],
            sections=["profile"],
            override_reason="Urgent protection",
        ),
        "Only a supervisor",
        "forbidden",
    )
    referral = services.referral_send(
        world.actor("supervisor"),
        world.case.number,
        to_agency=world.agencies["police"],
        sections=["profile"],
        override_reason="Immediate danger: police protection needed tonight",
    )
    assert referral.override_by == world.users["supervisor"]
    assert "consent overridden" in last_entry().note


def test_a_transfer_to_an_agency_outside_the_team_is_refused(world):
    give_consent(world, "referral", world.agencies["lao_police"])
    refused(
        world,
        lambda: services.referral_send(
            world.actor("case_worker"),
            world.case.number,
            to_agency=world.agencies["lao_police"],
            sections=["profile"],
        ),
        "only to an agency in the case's",
        "not_in_team",
    )


def test_consent_counts_only_with_the_whole_checklist(world):
    with pytest.raises(services.ProtectionError, match="every point of the checklist"):
        services.consent_record(
            world.actor("case_worker"),
            world.case.number,
            purpose="statistics",
            given=True,
            on=date.today(),
            explained=ALL_EXPLAINED[:2],
        )


def decide(world, who="team_police", members=("team_police", "lao_receiver"), **kw):
    ids = list(Membership.objects.filter(user__username__in=members).values_list("pk", flat=True))
    return services.case_decide(
        world.actor(who),
        world.case.number,
        decision=kw.get("decision", "identified"),
        decided_on=date.today(),
        member_ids=ids,
        basis="Interview",
    )


def test_a_team_decides_and_the_case_is_identified(world):
    decision = decide(world)
    assert decision.members.count() == 2
    world.case.refresh_from_db()
    assert world.case.identification == "identified"
    assert "Interview" not in str(Case.objects.values().get(pk=world.case.pk))


def test_a_decision_by_someone_outside_the_team_is_refused(world):
    refused(world, lambda: decide(world, who="owner_mdt"), "Your role does not allow", "forbidden")
    refused(
        world,
        lambda: decide(world, members=("team_police", "owner_mdt")),
        "must belong to the case's team",
        "member_not_in_team",
    )
    refused(
        world,
        lambda: decide(world, members=("team_police",)),
        "at least two agencies",
        "too_few_members",
    )


def test_screening_starts_the_reflection_period(world, settings):
    settings.PROTECTION_REFLECTION_DAYS = 45
    case = services.case_screen(
        world.actor("counsellor"), world.case.number, ["debt_bondage"], today=date(2024, 3, 1)
    )
    assert case.identification == "presumed"
    assert (case.reflection_start, case.reflection_end) == (date(2024, 3, 1), date(2024, 4, 15))


def test_a_closed_case_takes_no_more_services(world):
    services.case_close(world.actor("case_worker"), world.case.number, "reintegrated")
    refused(
        world,
        lambda: services.followup_add(
            world.actor("case_worker"), world.case.number, on=date.today(), outcome="stable"
        ),
        "This case is closed",
        "closed",
    )


def test_a_receiver_answers_once_and_the_sender_can_revoke(world):
    with pytest.raises(services.ProtectionError, match="accepted, not pending"):
        services.referral_respond(world.actor("lao_receiver"), world.to_lao.pk, accept=False)
    services.referral_revoke(world.actor("case_worker"), world.to_shelter.pk)
    with pytest.raises(services.CaseNotFoundError):
        services.open_case(world.actor("shelter_receiver"), world.case.number)
    # The Lao worker is also in the team: after a revocation the team view remains, the
    # identifying details go.
    services.referral_revoke(world.actor("case_worker"), world.to_lao.pk)
    with pytest.raises(services.NotAllowedError):
        services.reveal_identity(world.actor("lao_receiver"), world.case.number)


def test_the_audit_log_holds_no_personal_data(world):
    services.reveal_identity(world.actor("case_worker"), world.case.number)
    text = " ".join(str(e.entry()) for e in AuditEntry.objects.all())
    assert "Somchai" not in text and "+66 81 555 0199" not in text


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm(world):
    entry = AuditEntry.objects.first()
    entry.note = "x"
    with pytest.raises(Exception, match="cannot be changed"):
        entry.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        entry.delete()
    with pytest.raises(Exception, match="cannot be"):
        AuditEntry.objects.all().delete()


def tamper(sql: str) -> None:
    """Change the audit log as its database's owner could: first out of the trigger's way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE protection_auditentry DISABLE TRIGGER protection_audit_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER protection_audit_append_only")
        cursor.execute(sql)


def test_the_database_refuses_to_change_an_audit_entry(world):
    from django.db import DatabaseError, transaction

    before = AuditEntry.objects.get(seq=3).action
    refused = ["UPDATE protection_auditentry SET action = 'tampered' WHERE seq = 3"]
    if connection.vendor == "postgresql":  # SQLite keeps DELETE: Django empties tables with it
        refused.append("DELETE FROM protection_auditentry WHERE seq = 3")
    for sql in refused:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.get(seq=3).action == before


def test_audit_verify_passes_then_detects_an_edited_row(world, capsys):
    call_command("audit_verify")
    assert "Audit log intact" in capsys.readouterr().out
    tamper("UPDATE protection_auditentry SET action = 'case.list' WHERE seq = 3")
    cursor_note = "changed after it was written"
    with pytest.raises(CommandError, match=f"entry 3: the entry was {cursor_note}"):
        call_command("audit_verify")
    assert last_entry().action == "audit.verify"  # the failed check is itself on record


def test_audit_verify_detects_a_deleted_row(world):
    tamper("DELETE FROM protection_auditentry WHERE seq = 4")
    with pytest.raises(CommandError, match="entry 5: entries 4 to 4 are missing"):
        call_command("audit_verify")


def test_audit_verify_detects_the_last_row_deleted(world):
    tamper(f"DELETE FROM protection_auditentry WHERE seq = {last_entry().seq}")
    with pytest.raises(CommandError, match="deleted rows"):
        call_command("audit_verify")
