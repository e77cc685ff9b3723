"""Tokens, private instances, and who may write what (the permission matrix)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from parity.api.models import ApiToken, hash_token
from tests.api.conftest import ROLES, client_as


def test_it_stores_only_the_tokens_hash(users):
    token, secret = ApiToken.issue(users["editor"], "laptop")
    assert token.token_hash == hash_token(secret)
    assert secret not in {token.token_hash, token.hint}
    assert ApiToken.objects.filter(token_hash=secret).count() == 0


def test_the_command_prints_a_working_token(users, capsys, activity):
    call_command("create_api_token", "edith", "--name", "script")
    secret = capsys.readouterr().out.strip()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(
        "/api/reviews",
        {"activity": "XM-TEST-1", "stage": "planning"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ApiToken.objects.get(name="script").last_used is not None


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody")


@pytest.mark.parametrize(
    "header", ["Bearer wrong", "Bearer ", "Token abc", "Basic ZWRpdGg6eA==", "Bearer \x00"]
)
def test_a_bad_token_is_a_401_even_on_a_public_read(db, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/activities")
    assert response.status_code == 401
    assert response.json()["message"]


def test_a_revoked_token_no_longer_works(users, tokens):
    ApiToken.objects.filter(user=users["editor"]).update(revoked=True)
    response = client_as(tokens, "editor").post(
        "/api/reviews", {"activity": "X", "stage": "planning"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("outsider", 403),
        ("viewer", 200),
        ("administrator", 200),
    ],
)
def test_a_private_instance_needs_a_role_to_read(settings, tokens, role, status):
    settings.PARITY_PRIVATE = True
    response = client_as(tokens, role).get("/api/activities")
    assert response.status_code == status


def test_a_private_instance_accepts_the_browser_session(settings, users):
    settings.PARITY_PRIVATE = True
    client = Client()
    client.force_login(users["viewer"])
    assert client.get("/api/activities").status_code == 200


def test_the_session_never_writes(users, activity):
    """Writes take a token only, so a cross-site form cannot use a logged-in browser."""
    client = Client()
    client.force_login(users["administrator"])
    response = client.post(
        "/api/reviews",
        {"activity": "XM-TEST-1", "stage": "planning"},
        content_type="application/json",
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("outsider", 403), ("viewer", 200), ("administrator", 200)],
)
def test_reading_reviews_needs_a_role(tokens, activity, role, status):
    assert client_as(tokens, role).get("/api/reviews").status_code == status


# Each write endpoint and the lowest role that may use it.
START = {"activity": "XM-TEST-1", "stage": "planning"}
MATRIX = {
    "start a review": ("editor", 201),
    "save answers": ("editor", 200),
    "approve": ("reviewer", 200),
    "upload": ("editor", 202),
}


def call(client: Client, action: str, review_id: int, version: int):
    if action == "start a review":
        return client.post("/api/reviews", START, content_type="application/json")
    if action == "save answers":
        return client.put(
            f"/api/reviews/{review_id}/answers",
            {"version": version, "answers": {}, "justification": "x"},
            content_type="application/json",
        )
    if action == "approve":
        return client.post(
            f"/api/reviews/{review_id}/approve",
            {"version": version, "comment": "fine"},
            content_type="application/json",
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.xml", b"<iati-activities version='2.03'/>")
    return client.post("/api/imports", {"file": upload})


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(users, tokens, activity, role, action):
    from parity.mainstreaming import services
    from tests.mainstreaming.conftest import complete

    review = services.review_start(activity, "formulation", users["editor"])
    if action == "approve":
        review = complete(review, users["editor"])
        review = services.review_submit(review, users["editor"], version=review.version)
    lowest, allowed_status = MATRIX[action]
    response = call(client_as(tokens, role), action, review.pk, review.version)
    if role == "anonymous":
        expected = 401
    elif ROLES.index(role) >= ROLES.index(lowest):
        expected = allowed_status
    else:
        expected = 403
    assert response.status_code == expected, response.content
    assert "message" in response.json() or expected < 300


def test_nobody_approves_their_own_submission(users, tokens, activity):
    from parity.mainstreaming import services
    from tests.mainstreaming.conftest import complete

    review = services.review_start(activity, "formulation", users["reviewer"])
    review = complete(review, users["reviewer"])
    review = services.review_submit(review, users["reviewer"], version=review.version)
    response = client_as(tokens, "reviewer").post(
        f"/api/reviews/{review.pk}/approve", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "another reviewer" in response.json()["message"]
