"""The user journeys of the browser: each one a person's task from the first click to the
figure they came for, against the live server, with the real login form and a real worker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import browser_db

pytestmark = browser_db

CD_FILE = "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
CD_ACTIVITIES = 205  # shared/iati/real/MANIFEST.md


def test_it_logs_in_through_the_form(page: Any, login, editor) -> None:
    login(editor)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_it_refuses_a_wrong_password(page: Any, editor) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill("edith")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_it_imports_a_real_file_through_the_upload_and_follows_its_progress(
    page: Any, login, editor, worker, shared_dir: Path
) -> None:
    login(editor)
    page.goto("/imports/")
    page.get_by_role("link", name=re.compile("Upload")).first.click()
    page.get_by_label("IATI activity file (.xml)").set_input_files(shared_dir / CD_FILE)
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("CD.xml")
    # The page follows the worker (polling the run's JSON) and reloads itself at the end.
    status = page.locator("#import-progress dd").first
    expect(status).to_have_text("Complete", timeout=120_000)

    from parity.activities.models import Activity, ImportRun

    run = ImportRun.objects.get()
    assert run.status == ImportRun.COMPLETE
    assert run.created + run.rejected == CD_ACTIVITIES
    assert Activity.objects.count() == run.created
    counts = page.locator("#import-progress").get_by_text(re.compile(r"\d+ created"))
    expect(counts).to_contain_text(f"{run.created} created, 0 updated, 0 unchanged")
    expect(counts).to_contain_text(f"{run.rejected} rejected")
