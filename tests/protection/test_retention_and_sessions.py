"""The rest of the audit's protection findings: re-authentication codes are throttled like logins;
hotline contacts that never became cases are purged too; a purge leaves no identifying
ciphertext in the database file; protection pages are never cached."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pyotp
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from parity.protection import factor, services
from parity.protection.middleware import REAUTH
from parity.protection.models import Case, Contact

from .conftest import NAME, TEST_KEYS, login
from .test_security import raw_database_text

PASSWORD = "a long test-only passphrase 7"


@pytest.mark.django_db
def test_re_authentication_codes_are_throttled_like_logins(client, world):
    cache.clear()
    user = world.users["supervisor"]
    user.set_password(PASSWORD)
    user.save()
    _record, secret = factor.start_setup(user)
    login(client, user)
    url = "/protection/reauth/"
    for _ in range(5):
        client.post(url, {"password": PASSWORD, "code": "000000"})
    right = pyotp.TOTP(secret).now()
    page = client.post(url, {"password": PASSWORD, "code": right})
    assert page.status_code == 200 and "Too many wrong codes" in page.content.decode()
    assert REAUTH not in client.session
    cache.clear()
    assert client.post(url, {"password": PASSWORD, "code": right}).status_code == 302
    assert REAUTH in client.session


def old_contact(world, days: int) -> Contact:
    contact = services.contact_log(
        world.actor("counsellor"),
        channel="phone",
        caller="family",
        language="lo",
        topic="labour",
        risk="high",
        action="information",
        details=f"Sister of {NAME}, call back on +66 81 555 0100",
    )
    Contact.objects.filter(pk=contact.pk).update(at=timezone.now() - timedelta(days=days))
    return contact


@pytest.mark.django_db(transaction=True)
def test_contacts_that_never_became_cases_are_purged_after_the_retention_period(world):
    old, recent = old_contact(world, 2000), old_contact(world, 30)
    call_command("purge_expired_cases", stdout=StringIO())
    assert Contact.objects.get(pk=old.pk).details_ct == ""
    assert Contact.objects.get(pk=recent.pk).details_ct != ""  # still within the period
    assert Contact.objects.count() == 2  # the de-identified facts stay for the statistics


def close_long_ago(world) -> str:
    services.case_close(world.actor("case_worker"), world.case.number, "reintegrated")
    Case.objects.filter(pk=world.case.pk).update(closed_at=timezone.now() - timedelta(days=2000))
    return Case.objects.get(pk=world.case.pk).identity_ct.split(":", 2)[2]


def relation_files() -> bytes:
    """PostgreSQL: the bytes of the protection tables' files, as a stolen disk would give."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        out = b""
        for table in ("protection_case", "protection_contact", "protection_followup"):
            cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", [table])
            out += bytes(cursor.fetchone()[0])
        return out


@pytest.mark.django_db(transaction=True)
def test_a_purge_leaves_no_identifying_ciphertext_in_the_database(world):
    body = close_long_ago(world)
    err = StringIO()
    call_command("purge_expired_cases", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""  # nothing kept back by a running transaction
    assert body[:40] not in raw_database_text()
    if connection.vendor == "postgresql":  # the dead row versions are gone from the files too
        assert body[:40].encode() not in relation_files()


SCRIPT = """
from datetime import timedelta
from io import StringIO
from django.contrib.auth.models import User
from django.utils import timezone
from parity.protection import services
from parity.protection.audit import Actor
from parity.protection.models import Agency, Case, Membership
user = User.objects.create_user("worker")
member = Membership.objects.create(
    user=user, agency=Agency.objects.create(name="H", kind="hotline", country="TH"),
    role="case_worker")
actor = Actor(user, member)
case = services.case_open(actor, exploitation="labour", identity={"given_name": "Somchai"})
services.case_close(actor, case.number, "reintegrated")
Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=2000))
print(Case.objects.get(pk=case.pk).identity_ct.split(":", 2)[2][:40])
"""


def test_a_purge_leaves_nothing_in_the_sqlite_file_or_its_journal(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parity.sqlite3'}",
        "PARITY_DATA_DIR": str(tmp_path),
        "PARITY_PROTECTION_KEYS": TEST_KEYS,
    }
    env.pop("PARITY_PROTECTION_KEY_FILE", None)

    def parity(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "parity", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    parity("migrate", "--verbosity", "0")
    body = parity("shell", "-c", SCRIPT).strip().splitlines()[-1]

    def files() -> bytes:  # the database, its write-ahead log and shared memory file
        return b"".join(p.read_bytes() for p in tmp_path.glob("parity.sqlite3*"))

    assert body.encode() in files()  # the ciphertext is really there before
    parity("purge-expired-cases")
    assert body.encode() not in files()


@pytest.mark.django_db
def test_protection_pages_are_never_stored_by_a_browser_or_a_proxy(client, world):
    login(client, world.users["supervisor"], reauth=True)
    number = world.case.number
    for url in (
        "/protection/",
        f"/protection/cases/{number}/",
        f"/protection/cases/{number}/reveal/",
        f"/protection/api/cases/{number}/",
        "/protection/export/htcds.csv",
        "/protection/statistics/",
        "/protection/2fa/",
    ):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url
