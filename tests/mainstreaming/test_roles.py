"""Roles as a matrix: every role x every action, in ``can`` and in the services themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from parity import roles
from parity.mainstreaming import services, tagging
from parity.mainstreaming.models import StageReview
from parity.markers import Stage
from tests.conftest import role_group

from .conftest import ROLE_OF, complete, make_user

pytestmark = pytest.mark.django_db

ALLOWED = {
    "outsider": set(),
    "viewer": {"view"},
    "editor": {"view", "edit", "submit", "reopen", "tag"},
    "reviewer": {"view", "edit", "submit", "reopen", "tag", "approve", "return"},
    "administrator": set(roles.ACTIONS),
}
MATRIX = [(role, action) for role in ALLOWED for action in roles.ACTIONS]


@pytest.mark.parametrize(
    ("persona", "action"), MATRIX, indirect=["persona"], ids=[f"{r}-{a}" for r, a in MATRIX]
)
def test_it_allows_exactly_the_actions_of_each_role(persona, action):
    expected = action in ALLOWED[ROLE_OF[persona.username]]
    assert roles.can(persona, action) is expected


def test_it_gives_anonymous_users_no_role():
    assert roles.role_of(AnonymousUser()) is None
    assert not roles.can(AnonymousUser(), roles.VIEW)


def test_it_treats_a_superuser_as_an_administrator(django_user_model):
    boss = django_user_model.objects.create_superuser("boss")
    assert roles.role_of(boss) == roles.ADMINISTRATOR


def test_it_uses_the_highest_group(editor):
    editor.groups.add(role_group("reviewer"))
    fresh = type(editor).objects.get(pk=editor.pk)
    assert roles.role_of(fresh) == roles.REVIEWER


def test_it_refuses_an_unknown_action(editor):
    with pytest.raises(ValueError, match="unknown action"):
        roles.can(editor, "delete")


# The services ask the same question: every role x every transition and edit.
TRANSITIONS = ["start", "save", "submit", "approve", "return", "reopen", "tag"]
NEEDS = {
    "start": "edit",
    "save": "edit",
    "submit": "submit",
    "approve": "approve",
    "return": "return",
    "reopen": "reopen",
    "tag": "tag",
}
SERVICE_MATRIX = [(role, t) for role in ALLOWED for t in TRANSITIONS]


@pytest.mark.parametrize(
    ("persona", "transition"),
    SERVICE_MATRIX,
    indirect=["persona"],
    ids=[f"{r}-{t}" for r, t in SERVICE_MATRIX],
)
def test_it_enforces_roles_in_every_service(persona, transition, activity, other_reviewer):
    from parity.commitments.models import Framework, Pillar

    framework = Framework.objects.create(slug="fw", name="Framework", kind="strategy")
    pillar = Pillar.objects.create(framework=framework, slug="p", name="Pillar")
    review = services.review_start(activity, Stage.FORMULATION, other_reviewer)
    if transition == "submit":
        complete(review, other_reviewer)
    if transition in {"approve", "return", "reopen"}:
        complete(review, other_reviewer)
        services.review_submit(review, other_reviewer)
    if transition == "reopen":
        services.review_return(review, make_user("ruth", roles.REVIEWER), comment="redo")
    review.refresh_from_db()
    calls = {
        "start": lambda: services.review_start(activity, Stage.PLANNING, persona),
        "save": lambda: services.review_save(review, persona, version=None, answers={}),
        "submit": lambda: services.review_submit(review, persona),
        "approve": lambda: services.review_approve(review, persona),
        "return": lambda: services.review_return(review, persona, comment="redo"),
        "reopen": lambda: services.review_reopen(review, persona),
        "tag": lambda: tagging.pillar_tag_add(activity, pillar, persona),
    }
    role = ROLE_OF[persona.username]
    before = (review.status, review.version)
    if NEEDS[transition] in ALLOWED[role]:
        calls[transition]()
    else:
        with pytest.raises(services.NotAllowedError, match=f"your role is {_role_text(role)}"):
            calls[transition]()
        review.refresh_from_db()
        assert (review.status, review.version) == before
        assert StageReview.objects.filter(activity=activity).count() == 1


def _role_text(role: str) -> str:
    return "no role" if role == "outsider" else role
