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


def test_the_audit_trail_names_actions_and_outcomes_in_words(client, world):
    login(client, world.users["supervisor"])
    url = f"/protection/cases/{world.case.number}/audit/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td><span title="case.open">Case opened</span></td><td>done</td>' in english
    assert "Referral accepted" in english
    thai = client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert ">Case opened<" not in thai and 'title="referral.send"' in thai
