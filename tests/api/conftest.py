"""API personas (one user per role, and one without a role) with their tokens, a client that
sends a token, a small activity, and background tasks run at once (huey immediate mode)."""

from __future__ import annotations

import pytest
from django.test import Client
from huey.contrib.djhuey import HUEY

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.api.models import ApiToken
from tests.mainstreaming.conftest import make_user, small_activity

PERSONAS = {
    "vera": "viewer",
    "edith": "editor",
    "rita": "reviewer",
    "ada": "administrator",
    "oscar": None,
}
ROLES = ["anonymous", "outsider", "viewer", "editor", "reviewer", "administrator"]


@pytest.fixture(autouse=True)
def tasks_run_at_once():
    """Tasks run inside the request, so a test sees the import finished; the worker itself is
    tested with real processes in test_worker.py."""
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


@pytest.fixture
def users(db) -> dict[str, object]:
    made = {}
    for name, role in PERSONAS.items():
        made[role or "outsider"] = make_user(name, role)
    return made


@pytest.fixture
def tokens(users) -> dict[str, str]:
    return {role: ApiToken.issue(user, "tests")[1] for role, user in users.items()}


def client_as(tokens: dict[str, str], role: str) -> Client:
    """A client sending the token of ``role`` (none for anonymous)."""
    if role == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {tokens[role]}")


@pytest.fixture
def activity(db) -> Activity:
    ActivityLoader().load([small_activity()])
    return Activity.objects.get(iati_identifier="XM-TEST-1")


@pytest.fixture
def activities(db) -> list[Activity]:
    ActivityLoader().load(
        [small_activity(f"XM-TEST-{n}", significance=str(n % 3)) for n in range(1, 8)]
    )
    return list(Activity.objects.order_by("iati_identifier"))
