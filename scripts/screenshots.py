"""Screenshots of the main pages for the README: ``python scripts/screenshots.py [OUT_DIR]``.

Builds a throwaway Parity (a temporary data folder and SQLite database) with the demo (seed
plus a 300-activity labelled sample), imports a real IATI file from ``../shared`` when it is
there, opens a formulation review, serves it on 127.0.0.1 with Django's development server and
photographs each page with Debian's Chromium (``/usr/bin/chromium``) through Playwright: at
a 1280-wide window in English and in Japanese (``NAME-ja.png``), the dashboard also in Thai
(``dashboard-th.png``) and at a phone's 390x844. Each picture is the top of the page, down to
1,400 pixels (2,000 for the dashboard, so that its first chart is in it). Writes PNG files to
``docs/screenshots`` (or OUT_DIR). Needs the dev dependencies (``pip install -e ".[dev]"``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_FILE = ROOT.parent / "shared/iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USER, PASSWORD = "screenshots", "screenshots-only password 42"
HEIGHT = {"dashboard": 2000}  # pixels from the top of the page; others get DEFAULT_HEIGHT
DEFAULT_HEIGHT = 1400
PREPARE = f"""
from django.contrib.auth.models import Group, User
from parity.activities.models import Activity, ImportRun
from parity.mainstreaming import services
user = User.objects.create_user({USER!r}, password={PASSWORD!r})
user.groups.add(Group.objects.get(name="reviewer"))
activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier")[3]
review = services.review_start(activity, "formulation", user)
run = ImportRun.objects.order_by("-id").first()
print(activity.iati_identifier, review.pk, run.pk if run else "")
"""


def parity(env: dict[str, str], *args: str, cwd: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "parity", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the server did not answer at {base}")


def photograph(page, path: Path, height: int) -> None:
    """The top of the page, down to ``height`` pixels (less when the page is shorter)."""
    if page.locator("[data-chart]").count():  # plotly draws after the load
        page.locator("[data-chart] .main-svg").first.wait_for()
    whole = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": 1280, "height": min(height, whole)}
    page.screenshot(path=path, full_page=True, clip=clip)


def shoot(base: str, pages: dict[str, str], out: Path, language: str = "en") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            base_url=base, viewport={"width": 1280, "height": 800}, locale="en-GB"
        )
        # Django's language cookie: the interface as a reader who chose that language sees it.
        context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        suffix = "" if language == "en" else f"-{language}"
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(USER)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for name, path in pages.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            photograph(page, out / f"{name}{suffix}.png", HEIGHT.get(name, DEFAULT_HEIGHT))
            print(f"{name}{suffix}: {path}")
        if suffix:
            browser.close()
            return
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/dashboard/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / "dashboard-phone.png")
        print("dashboard-phone: /dashboard/ at 390x844")
        browser.close()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "PARITY_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/parity.sqlite3",
            "PARITY_TASK_QUEUE": "immediate",
        }
        parity(env, "migrate", "-v0")
        parity(env, "demo", "--sample-size", "300", "--no-account")
        if SHARED_FILE.exists():  # imported by its bare name, which is what the run page shows
            shutil.copy(SHARED_FILE, Path(folder) / SHARED_FILE.name)
            parity(env, "import-iati", SHARED_FILE.name, cwd=folder)
        made = parity(env, "shell", "-c", PREPARE).splitlines()[-1].split()
        identifier, review, run = made[0], made[1], made[2] if len(made) > 2 else ""
        pages = {
            "home": "/",
            "activities": "/activities/",
            "activity": f"/activities/{identifier}/",
            "dashboard": "/dashboard/",
            "pledge": "/pledges/oda-for-women-3bn-2016-2018/",
            "review": f"/mainstreaming/reviews/{review}/",
        }
        if run:
            pages["import"] = f"/imports/{run}/"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "parity", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base)
            shoot(base, pages, out)
            shoot(base, pages, out, "ja")
            shoot(base, {"dashboard": "/dashboard/"}, out, "th")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
