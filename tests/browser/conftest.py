"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One Chromium for the whole session (``/usr/bin/chromium``, never a downloaded build: CI
installs the Debian package), a fresh browser context per test, personas (an editor, a
reviewer, and members of the protection module with a second factor) who log in through the
real login form, the demo data (the seed plus a small
labelled sample), a huey consumer running in a thread of the test process for uploads, and
axe-core (vendored under ``vendor/``, a test-only asset) for the accessibility checks.

The live server needs committed data, so these tests use transactional databases; the
serialized rollback puts back what the migrations wrote (the role groups) after each test.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.conftest import role_group
from tests.protection.conftest import ALL_EXPLAINED, TEST_KEYS, make_agencies

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "a long browser-test password"
SAMPLE_SIZE = 40
TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # every test member's authenticator key

browser_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        locale="en-GB",
        accept_downloads=True,
    )
    # Generous: CI machines are shared, and a loaded one takes seconds over plotly.js.
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploads are stored under a folder of the test's own, never under the project's var/."""
    settings.DATA_DIR = tmp_path


def make_persona(name: str, role: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    user.groups.add(role_group(role))
    return user


@pytest.fixture
def editor(transactional_db: None) -> User:
    return make_persona("edith", "editor")


@pytest.fixture
def reviewer(transactional_db: None) -> User:
    return make_persona("rita", "reviewer")


def log_in(page: Any, user: User) -> None:
    """Through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert page.locator("header.site").get_by_text(user.get_username()).is_visible()


def log_in_member(page: Any, user: User) -> None:
    """A member of the protection module: the login form, then the code of their app."""
    import pyotp

    log_in(page, user)
    page.goto("/protection/")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(TOTP_KEY).now())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)


@pytest.fixture
def protection(settings: Any) -> dict[str, Any]:  # in the database the test's marker asks
    """The protection module as its members use it: a Thai hotline (counsellor, case worker,
    supervisor) whose case was referred, identity shared, to a Lao social welfare office (case
    worker), which accepted. Each member has a password and a confirmed second factor whose
    key is TOTP_KEY. Returns the users by name and the case number."""
    from datetime import date

    from django.utils import timezone

    from parity.protection import keys, services
    from parity.protection.audit import Actor
    from parity.protection.models import Factor, Membership, Team

    settings.PROTECTION_KEYS = TEST_KEYS
    agencies = make_agencies()
    people = {
        "somsri": ("hotline", "counsellor"),
        "kanya": ("hotline", "case_worker"),
        "malee": ("hotline", "supervisor"),
        "bounmy": ("lao_welfare", "case_worker"),
    }
    users, actors = {}, {}
    for name, (agency, role) in people.items():
        users[name] = User.objects.create_user(name, password=PASSWORD)
        membership = Membership.objects.create(user=users[name], agency=agencies[agency], role=role)
        actors[name] = Actor(users[name], membership, "127.0.0.1")
        factor = Factor(user=users[name], confirmed_at=timezone.now())
        factor.secret_ct = keys.seal(TOTP_KEY, factor.secret_ad())
        factor.save()
    team = Team.objects.create(name="Chiang Rai - Bokeo MDT")  # a referral across the border
    team.members.set(Membership.objects.filter(user__username__in=["kanya", "malee", "bounmy"]))
    case = services.case_open(
        actors["kanya"],
        exploitation="labour",
        sex="female",
        age_band="18-20",
        nationality="LA",
        identity={"given_name": "Noi", "narrative": "Recruited with a false promise of work"},
        team=team,
    )
    for purpose, agency in [("referral", agencies["lao_welfare"]), ("cross_border", None)]:
        services.consent_record(
            actors["kanya"],
            case.number,
            purpose=purpose,
            agency=agency,
            given=True,
            on=date.today(),
            explained=ALL_EXPLAINED,
        )
    referral = services.referral_send(
        actors["kanya"],
        case.number,
        to_agency=agencies["lao_welfare"],
        sections=["identity", "profile", "services"],
    )
    services.referral_respond(actors["bounmy"], referral.pk, accept=True)
    return {"users": users, "case": case.number}


@pytest.fixture
def login(page: Any) -> Callable[[User], None]:
    def go(user: User) -> None:
        page.context.clear_cookies()
        log_in(page, user)

    return go


@pytest.fixture
def demo(transactional_db: None) -> dict[str, int]:
    return load_demo()


def load_demo() -> dict[str, int]:
    """What `parity demo` loads, with a small sample: the seed's pledges and activities, the
    labelled sample, priority-area tags and the dashboard's figures."""
    from django.core.management import call_command

    from parity.commitments.seed import load_seed
    from parity.site.management.commands.demo import load_sample

    counts = load_seed()
    counts["sample"] = load_sample(SAMPLE_SIZE)
    call_command("tag_priority_areas", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("refresh_figures", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return counts


@pytest.fixture
def worker(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real huey consumer (one worker thread) inside the test process, on a queue of its own
    in memory, so that it sees the test database the live server writes to.

    Its imports run in its own thread: the process of their own that a deployed worker starts
    (tests/api/test_worker.py) could not open the test database (in memory on SQLite)."""
    from huey.consumer import Consumer
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    from parity.activities import tasks

    monkeypatch.setattr(tasks, "run_in_fresh_process", tasks.run_upload)

    storage, immediate = HUEY.storage, HUEY.immediate
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = Consumer(HUEY, workers=1, worker_type="thread", periodic=False, initial_delay=0.05)
    consumer.start()
    for number, handler in handlers.items():  # the consumer's own are for a process of its own
        signal.signal(number, handler)
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.storage, HUEY.immediate = storage, immediate


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core on the page; one line per violation of the given impacts."""
    # Evaluated through the DevTools protocol: a <script> tag would be refused by Parity's
    # Content-Security-Policy, which allows no inline script.
    page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {'; '.join(targets)}"
            )
    return found
