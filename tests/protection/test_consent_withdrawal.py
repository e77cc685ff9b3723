"""A survivor's withdrawal of consent stops every referral it covered, at once: a pending referral
is cancelled, an accepted one loses its access, the receiver sees that access was withdrawn (not
the data), and accepting a referral checks the consent again. Each effect is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from parity.protection import audit, services
from parity.protection.audit import Actor
from parity.protection.models import AuditEntry, Consent, Membership, Referral

from .conftest import NAME, give_consent, login

pytestmark = pytest.mark.django_db


def send_to_police(world, **extra):
    return services.referral_send(
        world.actor(extra.pop("who", "case_worker")),
        world.case.number,
        to_agency=world.agencies["police"],
        sections=["profile", "services"],
        **extra,
    )


def police_worker(world) -> Actor:
    """A case worker of the police, who answers referrals to the police."""
    user = User.objects.create_user("police_worker")
    member = Membership.objects.create(
        user=user, agency=world.agencies["police"], role="case_worker"
    )
    return Actor(user, member, "127.0.0.1")


def status(referral) -> str:
    return Referral.objects.get(pk=referral.pk).status


def test_a_withdrawal_cancels_a_pending_referral_at_once_and_it_cannot_be_accepted(world):
    give_consent(world, "referral", world.agencies["police"])
    referral = send_to_police(world)
    give_consent(world, "referral", world.agencies["police"], given=False)
    assert status(referral) == "withdrawn"
    entry = AuditEntry.objects.filter(action="referral.withdraw").get()
    assert entry.case_number == world.case.number and f"referral {referral.pk}" in entry.note
    with pytest.raises(services.ProtectionError, match="not pending"):
        services.referral_respond(police_worker(world), referral.pk, accept=True)
    assert status(referral) == "withdrawn"


def test_a_withdrawal_revokes_an_accepted_referrals_access_and_says_so(client, world):
    login(client, world.users["shelter_receiver"])
    case_url = reverse("protection:case", args=[world.case.number])
    assert "Female" in client.get(case_url).content.decode()  # the shared profile, before
    give_consent(world, "referral", world.agencies["shelter"], given=False)
    assert status(world.to_shelter) == "withdrawn"
    for url in (case_url, reverse("protection:case-api", args=[world.case.number])):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 410, url
        assert "access to this case was withdrawn" in page
        assert "Female" not in page and "18-20" not in page
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.outcome) == ("case.read", audit.WITHDRAWN)
    # The Lao referral was covered by other consents: it keeps its access.
    assert status(world.to_lao) == "accepted"


def test_withdrawing_cross_border_consent_stops_the_transfer_but_not_the_team(client, world):
    give_consent(world, "cross_border", None, given=False)
    assert status(world.to_lao) == "withdrawn"
    assert status(world.to_shelter) == "accepted"  # not cross-border
    with pytest.raises(services.NotAllowedError):
        services.reveal_identity(world.actor("lao_receiver"), world.case.number)
    # The Lao worker sits in the case's team: the team's view stays, the shared sections go.
    login(client, world.users["lao_receiver"], reauth=True)
    page = client.get(reverse("protection:case", args=[world.case.number])).content.decode()
    assert "Consent withdrawn" in page and NAME not in page
    assert page.count("Not shared with you.") == 3  # identity, services, follow-ups


def test_accepting_a_referral_checks_the_consent_again(world):
    give_consent(world, "referral", world.agencies["police"])
    referral = send_to_police(world)
    # A withdrawal that reached the database without the service (an older version, a race):
    Consent.objects.create(
        case=world.case,
        purpose="referral",
        agency=world.agencies["police"],
        given=False,
        on=date.today(),
        recorded_by=world.users["case_worker"],
    )
    with pytest.raises(services.ProtectionError, match="withdrew consent") as error:
        services.referral_respond(police_worker(world), referral.pk, accept=True)
    assert error.value.code == "no_consent"
    assert status(referral) == "pending"
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.note) == ("referral.accept", "no_consent")


def test_an_override_survives_unrelated_withdrawals_but_not_the_survivors_explicit_no(world):
    referral = send_to_police(world, who="supervisor", override_reason="Immediate danger tonight")
    give_consent(world, "referral", world.agencies["shelter"], given=False)
    assert status(referral) == "pending"
    services.referral_respond(police_worker(world), referral.pk, accept=False)
    referral = send_to_police(world, who="supervisor", override_reason="Immediate danger again")
    give_consent(world, "referral", world.agencies["police"], given=False)
    assert status(referral) == "withdrawn"


def test_consent_given_again_does_not_restore_a_withdrawn_referral(world):
    give_consent(world, "referral", world.agencies["shelter"], given=False)
    give_consent(world, "referral", world.agencies["shelter"])
    assert status(world.to_shelter) == "withdrawn"
    with pytest.raises(services.ProtectionError):
        services.open_case(world.actor("shelter_receiver"), world.case.number)
