"""The second factor guards the admin too, and setting it up takes an enrolment code from a
supervisor: a password stolen before enrolment does not give the key."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pyotp
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.utils import timezone

from parity.protection import enrolment, factor
from parity.protection.middleware import VERIFIED
from parity.protection.models import AuditEntry, EnrolmentCode, Factor

from .conftest import login
from .test_security import raw_database_text

pytestmark = pytest.mark.django_db


def verified(client, user) -> None:
    session = client.session
    session[VERIFIED] = user.pk
    session.save()


def test_the_admin_asks_a_superuser_for_the_second_factor(client, world):
    boss = User.objects.create_superuser("boss", "boss@example.org", None)
    client.force_login(boss)
    response = client.get("/admin/protection/membership/")
    assert response.status_code == 302 and "/protection/2fa/" in response["Location"]
    assert client.get("/admin/").status_code == 302  # the whole admin, not one section
    verified(client, boss)
    assert client.get("/admin/protection/membership/").status_code == 200


def test_the_admin_asks_staff_who_can_touch_protection_data(client, world):
    clerk = User.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 200  # no protection permission: no factor
    clerk.user_permissions.add(Permission.objects.get(codename="view_membership"))
    response = client.get("/admin/protection/membership/")
    assert response.status_code == 302 and "/protection/2fa/" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"totp-secret" not in page.content


REGISTERED = {"Agency", "Membership", "Team", "AuditEntry"}  # no protection service for these


def test_protection_models_in_the_admin_are_absent_or_read_only(rf):
    from parity.protection import models

    shown = {m.__name__ for m in admin.site._registry if m._meta.app_label == "protection"}
    assert shown == REGISTERED
    for model in (models.Case, models.Contact, models.Factor, models.EnrolmentCode):
        assert model not in admin.site._registry
    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    audit_admin = admin.site._registry[models.AuditEntry]
    assert not audit_admin.has_change_permission(request)
    assert not audit_admin.has_delete_permission(request)


def test_admin_changes_to_memberships_are_audited(client, world):
    boss = User.objects.create_superuser("boss", "boss@example.org", None)
    client.force_login(boss)
    verified(client, boss)
    member = world.users["counsellor"].protection
    url = f"/admin/protection/membership/{member.pk}/change/"
    data = {"user": member.user_id, "agency": member.agency_id, "role": "supervisor"}
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.user_id_ref) == ("admin.change", boss.pk)
    assert entry.note == f"membership {member.pk}"


def test_a_password_alone_does_not_give_the_key_of_the_second_factor(client, world):
    client.force_login(world.users["counsellor"])
    page = client.get("/protection/2fa/")
    assert page.status_code == 200
    assert b"totp-secret" not in page.content and b"enrolment code" in page.content
    guess = client.post("/protection/2fa/", {"enrolment_code": "ABCD-EFGH-JKMN-PQRS"})
    assert b"totp-secret" not in guess.content and b"not valid" in guess.content
    assert not Factor.objects.filter(user=world.users["counsellor"]).exists()
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.outcome) == ("auth.enrol", "refused")


def issue(client, world, member: str) -> str:
    login(client, world.users["supervisor"], reauth=True)
    pk = world.users[member].protection.pk
    page = client.post("/protection/enrolment/", {"member": pk}).content.decode()
    return re.search(r'<code id="enrolment-code">([^<]+)</code>', page).group(1)


def test_a_supervisor_issues_a_code_that_is_shown_once_stored_hashed_and_used_once(client, world):
    code = issue(client, world, "counsellor")
    assert code not in client.get("/protection/enrolment/").content.decode()  # shown once
    assert code not in raw_database_text() and code.replace("-", "") not in raw_database_text()
    assert AuditEntry.objects.filter(action="auth.enrol_code").count() == 1

    client.logout()
    client.force_login(world.users["counsellor"])
    page = client.post("/protection/2fa/", {"enrolment_code": code}).content.decode()
    secret = re.search(r'<code id="totp-secret">([^<]+)</code>', page).group(1)
    response = client.post("/protection/2fa/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get("/protection/").status_code == 200

    other = type(client)()
    other.force_login(world.users["counsellor"])
    again = other.post("/protection/2fa/", {"enrolment_code": code}).content.decode()
    assert "totp-secret" not in again  # used: the key is not shown again


def test_only_a_supervisor_issues_codes_and_only_for_their_agency(client, world):
    login(client, world.users["case_worker"], reauth=True)
    assert client.get("/protection/enrolment/").status_code == 403
    login(client, world.users["supervisor"], reauth=True)
    foreign = world.users["lao_receiver"].protection.pk
    assert client.post("/protection/enrolment/", {"member": foreign}).status_code == 404
    assert not EnrolmentCode.objects.exists()


def test_issuing_a_code_needs_a_fresh_re_authentication(client, world):
    login(client, world.users["supervisor"])
    pk = world.users["counsellor"].protection.pk
    response = client.post("/protection/enrolment/", {"member": pk})
    assert response.status_code == 302 and "/protection/reauth/" in response["Location"]
    assert not EnrolmentCode.objects.exists()


def test_an_expired_code_is_refused(world):
    user = world.users["counsellor"]
    code = enrolment.issue(user, world.users["supervisor"])
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert not enrolment.redeem(user, code)
    assert enrolment.redeem(user, enrolment.issue(user, None))


def test_the_command_issues_a_code_for_the_first_supervisor(world):
    out = StringIO()
    call_command("protection_enrolment_code", "supervisor", stdout=out)
    code = out.getvalue().split()[-1]
    assert enrolment.redeem(world.users["supervisor"], code)
    assert factor.factor_of(world.users["supervisor"]) is None  # the page sets it up
