"""The module speaks Thai: the catalogue is compiled and used."""

from __future__ import annotations

import pytest
from django.conf import settings

from .conftest import login

pytestmark = pytest.mark.django_db


def test_thai_is_offered_and_the_case_list_is_translated(client, world):
    assert ("th", "ไทย") in settings.LANGUAGES
    login(client, world.users["case_worker"])
    page = client.get("/protection/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "คดีของเรา" in page and "ตอบรับ" not in page.split("คดีของเรา")[1][:0]
    english = client.get("/protection/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Our cases" in english
