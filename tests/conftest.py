"""Shared fixtures: the `shared/` reference data beside the project, and user personas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests assert results, not speed: on a loaded two-core machine Hypothesis's default
# 200 ms deadline per example failed correct code now and then.
settings.register_profile("parity", deadline=None)
settings.load_profile("parity")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"The reference data folder {SHARED} is missing: clone beside shared/.")
    return SHARED


def role_group(name: str) -> Any:
    """The group that gives a mainstreaming role (viewer, editor, reviewer, administrator).

    A migration creates them; a transactional test elsewhere in the session may have emptied
    the table since (Django's flush does not always run the migrations' data again), so a test
    that needs one asks here rather than assuming it is there. Roles are read by group name.
    """
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=name)[0]


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A page asked for in Japanese or Thai leaves that language active in the thread (Django's
    LocaleMiddleware activates it and nothing deactivates it); the next test would then get
    translated messages it did not ask for."""
    yield
    from django.utils import translation

    translation.deactivate()


# Debian's Chromium, never a downloaded build: CI installs the package (.ci/run).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module. Playwright's sync API allows one running instance per
    thread, and keeps an event loop running in the main thread until stopped. Django's async
    guard sees that loop and would refuse the ORM calls the tests make between browser steps
    (ordinary synchronous calls), so the guard is lifted while the browser runs, and only then:
    the tests after the module, and their subprocesses, run without it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: install Debian's package with "
            "'apt-get install chromium' (.ci/run does). Browser tests never skip."
        )
    from playwright.sync_api import sync_playwright

    lifted = pytest.MonkeyPatch()
    lifted.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        lifted.undo()


@pytest.fixture(autouse=True)
def page_cache_only_where_commits_are_real(request: pytest.FixtureRequest) -> Iterator[None]:
    """Public pages are cached under a data generation that moves when a write commits
    (parity.pagekit.freshness). A test inside one rolled-back transaction never commits, so it
    would see pages from before its own writes: such tests run without the cache. Tests with
    real commits (``transaction=True``, ``live_server``) keep it, starting empty."""
    from django.core.cache import cache
    from django.test import override_settings

    marker = request.node.get_closest_marker("django_db")
    committing = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if committing:
        cache.clear()
        yield
    else:
        with override_settings(PARITY_PAGE_CACHE=False):
            yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres_only`` (parallel import workers, which SQLite does not run) are
    left out of a SQLite pass, and the summary says so: `make test` runs them in its PostgreSQL
    pass. Nothing is skipped there."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    left_out = [item for item in items if item.get_closest_marker("postgres_only")]
    if left_out:
        items[:] = [item for item in items if item not in left_out]
        config.hook.pytest_deselected(items=left_out)
        config._parity_postgres_only = len(left_out)  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    left_out = getattr(config, "_parity_postgres_only", 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} PostgreSQL-only tests (worker processes) were left out of this SQLite "
            "pass; make test-postgres runs them."
        )
