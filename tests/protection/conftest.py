"""A small world for the protection tests: a Thai hotline that owns a case, a Lao social welfare
office that received it across the border (identity shared), a Thai shelter that received only
the profile, a Thai police officer in the case's team, an outsider NGO, and a user with no place
in the module. Personas are named after their place; each test gets a fresh world."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth.models import User

from parity.protection import services
from parity.protection.audit import Actor
from parity.protection.middleware import REAUTH, VERIFIED
from parity.protection.models import Agency, Case, Membership, Referral, Team

TEST_KEYS = "t1:" + base64.b64encode(os.urandom(32)).decode()
ALL_EXPLAINED = ["consequences", "data_shared", "purpose", "recipients", "right_to_withdraw"]
NAME, PHONE = "Somchai Kaewprasert", "+66 81 555 0199"
NARRATIVE = "Recruited in Bokeo with a false promise of restaurant work"


@pytest.fixture(autouse=True)
def protection_keys(settings):
    settings.PROTECTION_KEYS = TEST_KEYS
    return TEST_KEYS


@dataclass
class World:
    agencies: dict[str, Agency]
    users: dict[str, User]
    team: Team
    case: Case
    to_lao: Referral
    to_shelter: Referral
    extra: dict = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        user = self.users[name]
        return Actor(user, Membership.objects.filter(user=user).first(), "127.0.0.1")


PERSONAS = {
    # name: (agency, role)
    "counsellor": ("hotline", "counsellor"),
    "case_worker": ("hotline", "case_worker"),
    "owner_mdt": ("hotline", "mdt_member"),
    "supervisor": ("hotline", "supervisor"),
    "auditor": ("hotline", "auditor"),
    "statistics": ("hotline", "statistics"),
    "lao_receiver": ("lao_welfare", "case_worker"),
    "shelter_receiver": ("shelter", "case_worker"),
    "team_police": ("police", "mdt_member"),
    "outsider": ("ngo", "case_worker"),
    "nobody": (None, None),
}


def make_agencies() -> dict[str, Agency]:
    rows = {
        "hotline": ("Hotline 1300", "hotline", "TH"),
        "police": ("Chiang Rai anti-trafficking police", "police", "TH"),
        "shelter": ("Chiang Rai shelter", "shelter", "TH"),
        "ngo": ("Unrelated NGO", "ngo", "TH"),
        "lao_welfare": ("Bokeo social welfare", "social_welfare", "LA"),
        "lao_police": ("Bokeo police", "police", "LA"),
    }
    return {
        k: Agency.objects.create(name=n, kind=kind, country=c) for k, (n, kind, c) in rows.items()
    }


def give_consent(world: World, purpose: str, agency: Agency | None, given: bool = True, on=None):
    return services.consent_record(
        world.actor("case_worker"),
        world.case.number,
        purpose=purpose,
        agency=agency,
        given=given,
        on=on or date.today(),
        explained=ALL_EXPLAINED if given else [],
    )


@pytest.fixture
def world(db) -> World:
    agencies = make_agencies()
    users = {}
    for name, (agency, role) in PERSONAS.items():
        users[name] = User.objects.create_user(name)  # no password: tests force_login
        if agency:
            Membership.objects.create(user=users[name], agency=agencies[agency], role=role)
    team = Team.objects.create(name="Chiang Rai - Bokeo MDT")
    team.members.set(
        Membership.objects.filter(
            user__username__in=["case_worker", "supervisor", "team_police", "lao_receiver"]
        )
    )
    w = World(agencies, users, team, None, None, None)  # type: ignore[arg-type]
    cw = w.actor("case_worker")
    w.case = services.case_open(
        cw,
        exploitation="labour",
        sex="female",
        age_band="18-20",
        nationality="LA",
        identity={"given_name": NAME, "phone": PHONE, "narrative": NARRATIVE},
        team=team,
    )
    give_consent(w, "referral", agencies["lao_welfare"])
    give_consent(w, "cross_border", None)
    give_consent(w, "referral", agencies["shelter"])
    w.to_lao = services.referral_send(
        cw,
        w.case.number,
        to_agency=agencies["lao_welfare"],
        sections=["identity", "profile", "services"],
    )
    services.referral_respond(w.actor("lao_receiver"), w.to_lao.pk, accept=True)
    w.to_shelter = services.referral_send(
        cw, w.case.number, to_agency=agencies["shelter"], sections=["profile"]
    )
    services.referral_respond(w.actor("shelter_receiver"), w.to_shelter.pk, accept=True)
    return w


def login(client, user: User, reauth: bool = False) -> None:
    """Log in with the second factor already verified (and optionally a fresh re-auth)."""
    import time

    client.force_login(user)
    session = client.session
    session[VERIFIED] = user.pk
    if reauth:
        session[REAUTH] = time.time()
    session.save()
