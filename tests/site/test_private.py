"""A private instance shows its pages, import history included, to signed-in users only; an
upload's uploader is named to staff (a role) only, on any instance."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from parity.activities.models import ImportRun
from tests.mainstreaming.conftest import make_user


@pytest.fixture
def run(db) -> ImportRun:
    return ImportRun.objects.create(started_by="edith-the-uploader", status=ImportRun.COMPLETE)


@pytest.mark.parametrize("path", ["/imports/", "/activities/", "/dashboard/", "/"])
def test_a_private_instance_sends_anonymous_visitors_to_sign_in(settings, run, path) -> None:
    settings.PARITY_PRIVATE = True
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert Client().get("/accounts/login/").status_code == 200


def test_a_private_instance_shows_import_history_to_signed_in_users(settings, run) -> None:
    settings.PARITY_PRIVATE = True
    client = Client()
    client.force_login(User.objects.create_user("nobody-special"))
    assert client.get("/imports/").status_code == 200
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "edith-the-uploader" not in page  # signed in, but no role: not staff


def test_a_public_instance_shows_imports_but_names_uploaders_to_staff_only(settings, run) -> None:
    settings.PARITY_PRIVATE = False
    assert "edith-the-uploader" not in Client().get(f"/imports/{run.pk}/").content.decode()
    staff = Client()
    staff.force_login(make_user("rita", "reviewer"))
    assert "edith-the-uploader" in staff.get(f"/imports/{run.pk}/").content.decode()
