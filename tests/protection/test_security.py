"""Data at rest and keys: raw database text holds no survivor detail; rotation; wrong keys;
the production profile refuses to start without keys; retention; TOTP and throttling."""

from __future__ import annotations

import base64
import os
import time
from datetime import date, timedelta

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from parity.config import ConfigError, load_config
from parity.protection import factor, keys, services
from parity.protection.core.envelope import ProtectionKeyError
from parity.protection.models import Case, KeyCheck
from parity.protection.retention import anonymise_expired
from parity.protection.services import statistics as stats

from .conftest import NAME, NARRATIVE, PHONE

pytestmark = pytest.mark.django_db


def raw_database_text() -> str:
    """Every text and binary value of every table, read with plain SQL (a database dump)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_a_raw_dump_contains_no_name_phone_or_narrative(world):
    services.contact_log(
        world.actor("counsellor"),
        channel="phone",
        caller="family",
        language="lo",
        topic="labour",
        risk="high",
        action="referral",
        details=f"Sister of {NAME}, call back on {PHONE}",
    )
    services.followup_add(
        world.actor("case_worker"),
        world.case.number,
        on=date.today(),
        outcome="stable",
        notes=f"{NAME} is back in school",
    )
    dump = raw_database_text()
    assert world.case.number in dump  # the dump really holds the case
    for secret in (NAME, "Somchai", PHONE, "555 0199", NARRATIVE, "false promise"):
        assert secret not in dump
    assert (
        services.reveal_identity(world.actor("case_worker"), world.case.number)["given_name"]
        == NAME
    )


def test_rotation_re_encrypts_everything_under_the_new_key(world, settings):
    new = "t2:" + base64.b64encode(os.urandom(32)).decode()
    settings.PROTECTION_KEYS = f"{new},{settings.PROTECTION_KEYS}"
    call_command("rotate_protection_key")
    case = Case.objects.get(pk=world.case.pk)
    assert case.identity_ct.startswith("p1:t2:")
    settings.PROTECTION_KEYS = new  # the old key can go now
    assert services.identity_of(case)["phone"] == PHONE


def test_a_missing_key_is_refused_with_a_clear_message(world, settings):
    settings.PROTECTION_KEYS = "other:" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(ProtectionKeyError, match=r"key 't1', which is not configured"):
        keys.keyring()


def test_a_wrong_key_is_refused_with_a_clear_message(world, settings):
    settings.PROTECTION_KEYS = "t1:" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(ProtectionKeyError, match="wrong key"):
        keys.keyring()
    assert KeyCheck.objects.count() == 1


def test_parity_check_reports_a_wrong_key(world, settings):
    settings.PROTECTION_KEYS = "t1:" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(Exception, match=r"protection\.E001"):
        call_command("check", databases=["default"])


PRODUCTION = {
    "PARITY_PROFILE": "production",
    "SECRET_KEY": "x" * 50,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "parity.example.org",
}


def test_the_production_profile_refuses_to_start_without_keys(tmp_path):
    with pytest.raises(ConfigError, match="no protection key"):
        load_config(PRODUCTION, project=tmp_path)


@pytest.mark.parametrize(
    ("value", "message"),
    [("k1:notbase64!", "not valid base64"), ("k1:" + base64.b64encode(b"x").decode(), "1 bytes")],
)
def test_malformed_keys_stop_any_profile(tmp_path, value, message):
    for profile in ({"PARITY_PROFILE": "development"}, PRODUCTION):
        with pytest.raises(ConfigError, match=message):
            load_config({**profile, "PARITY_PROTECTION_KEYS": value}, project=tmp_path)


def test_a_missing_key_file_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config({"PARITY_PROTECTION_KEY_FILE": str(tmp_path / "nope")}, project=tmp_path)


def test_development_creates_a_private_key_file(settings, tmp_path, db):
    settings.PROTECTION_KEYS = ""
    settings.PROTECTION_KEY_FILE = tmp_path / "protection.keys"
    ring = keys.keyring()
    assert ring.current_id == "dev1"
    assert (tmp_path / "protection.keys").stat().st_mode & 0o777 == 0o600


def test_purge_anonymises_closed_cases_and_keeps_the_statistics(world):
    services.case_close(world.actor("case_worker"), world.case.number, "reintegrated")
    Case.objects.filter(pk=world.case.pk).update(closed_at=timezone.now() - timedelta(days=400))
    before = stats._groups("cases")
    anonymise_expired(timezone.now() - timedelta(days=365))  # the command: test_retention_...
    case = Case.objects.get(pk=world.case.pk)
    assert case.identity_ct == "" and case.anonymised_at is not None
    assert case.sex == "female" and stats._groups("cases") == before


def test_statistics_suppress_small_cells(world, capsys):
    call_command("protection_stats", measure="cases", by="sex")
    out = capsys.readouterr().out
    assert "female\tsuppressed" in out and "total\tsuppressed" in out


def test_totp_codes_work_once(world):
    user = world.users["case_worker"]
    record, secret = factor.start_setup(user)
    now = time.time()
    code = pyotp.TOTP(secret).at(now)
    assert factor.check(record, code, at=now)
    assert not factor.check(record, code, at=now)  # replay
    assert not factor.check(record, "000000", at=now + 90)


def test_logins_are_throttled_after_five_failures(client, world):
    from django.core.cache import cache

    cache.clear()
    user = world.users["case_worker"]
    user.set_password("correct horse battery staple")
    user.save()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "case_worker", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "case_worker", "password": "correct horse battery staple"}
    )
    assert response.status_code == 200  # the form again: locked out despite the right password
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_a_member_without_the_second_factor_is_sent_to_set_it_up(client, world):
    client.force_login(world.users["case_worker"])
    response = client.get(f"/protection/cases/{world.case.number}/")
    assert response.status_code == 302 and "/protection/2fa/" in response["Location"]
    page = client.get(response["Location"])
    # The key is shown only after an enrolment code (tests/protection/test_enrolment.py).
    assert page.status_code == 200 and b"id_enrolment_code" in page.content


def test_idle_sessions_expire(client, world, settings):
    from .conftest import login

    settings.PROTECTION_IDLE_MINUTES = 1
    login(client, world.users["case_worker"])
    assert client.get("/protection/").status_code == 200
    session = client.session
    session["protection_seen"] = time.time() - 120
    session.save()
    response = client.get("/protection/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_reveal_and_export_need_re_authentication(client, world):
    from .conftest import login

    login(client, world.users["supervisor"])
    for url in (f"/protection/cases/{world.case.number}/reveal/", "/protection/export/htcds.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/protection/reauth/" in response["Location"]
    login(client, world.users["supervisor"], reauth=True)
    assert NAME in client.get(f"/protection/cases/{world.case.number}/reveal/").content.decode()


def test_the_htcds_export_has_only_consented_de_identified_rows(client, world):
    from .conftest import give_consent, login

    login(client, world.users["supervisor"], reauth=True)
    assert client.get("/protection/export/htcds.json").json() == []
    give_consent(world, "statistics", None)
    rows = client.get("/protection/export/htcds.json").json()
    assert len(rows) == 1 and rows[0]["citizenship"] == "LA" and rows[0]["gender"] == "Female"
    assert NAME not in str(rows) and world.case.number not in str(rows)
    csv_text = client.get("/protection/export/htcds.csv").content.decode()
    assert csv_text.startswith("yearOfRegistration,Datasource,gender")


def test_a_bad_rotation_says_why(world, settings):
    settings.PROTECTION_KEYS = "zz:" + base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(CommandError, match="not configured"):
        call_command("rotate_protection_key")
