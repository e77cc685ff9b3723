"""Load test: the dashboard, an activity page and a pledge page under 50 concurrent users.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parity_load \\
        .venv/bin/python -m bench.load [--users 50] [--seconds 60] [--workers 5] [--no-page-cache]

Needs PostgreSQL (``BENCH_DATABASE_URL``; the database is created when missing) and the dev
tools ``gunicorn`` and ``locust``. The first run fills the database with the dashboard
benchmark's data (``bench.dashboard.build``: 100,000 activities, 1,000,000 transactions), a
pledge over four of its organisations (as in ``bench.pledge_page``) and the fact table; later
runs reuse it. Then it serves Parity with gunicorn on 127.0.0.1 only (a free port), measures
each page alone (median of ``--runs`` sequential requests: the same dashboard and pledge page,
a different activity each time), and runs locust headless with ``--users`` users for
``--seconds`` seconds, each user asking without pause for the dashboard, then one of the
100,000 activities at random, then a random page of the pledge's evidence, so that most
activity and evidence pages are asked for the first time (not served from the page cache).
Pages start uncached (the data generation is moved first). The page cache is each
process's memory unless ``PARITY_CACHE_URL`` names a Redis database, as in production, which
the gunicorn workers then share. ``--no-page-cache`` serves with ``PARITY_PAGE_CACHE=0``:
every page computed in full. It prints
the median and the 95th percentile per page, then stops gunicorn. Everything stays on the
loopback interface and stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

ACTIVITIES = 100_000
PER_ACTIVITY = 10
PLEDGE = "load-pledge"
PAGES = ("dashboard", "activity", "pledge")


# Asked alone, the dashboard and the pledge page are the same each time (served from the page
# cache after the first, unless it is off); each activity is a new one.
FIXED = {"dashboard": "/dashboard/", "pledge": f"/pledges/{PLEDGE}/"}
# locust's own file, written next to its reports: each user walks the three pages in turn.
LOCUSTFILE = """
import random
from locust import FastHttpUser, task, constant

class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def pages(self):
        self.client.get("/dashboard/", name="dashboard")
        activity = random.randrange({activities})
        self.client.get(f"/activities/XM-BENCH-{{activity:07d}}/", name="activity")
        page = random.randint(1, {evidence_pages})
        self.client.get(f"/pledges/{pledge}/?evidence_page={{page}}", name="pledge")
"""


def build_if_empty(activities: int = ACTIVITIES) -> None:
    from bench import dashboard
    from parity.activities.models import Activity
    from parity.analytics.facts import facts_refresh
    from parity.commitments.models import Framework, Pledge

    if Activity.objects.exists():
        print(f"database: reused ({Activity.objects.count():,} activities)", flush=True)
        return
    started = time.perf_counter()
    dashboard.build(activities, PER_ACTIVITY)
    print(f"database: built in {time.perf_counter() - started:.0f} s", flush=True)
    pledge = Pledge(
        slug=PLEDGE,
        title="Load-test pledge",
        framework=Framework.objects.get(slug="jica-priority-areas"),
        period_start=date(2016, 1, 1),
        period_end=date(2018, 12, 31),
        money_amount=Decimal("300000000000"),
        money_currency="JPY",
        money_basis=Pledge.DISBURSEMENTS,
        scope_rule={
            "reporting_orgs": [f"XM-BENCH-{i:02d}" for i in range(4)],
            "gender_markers": [1, 2],
        },
    )
    pledge.full_clean()
    pledge.save()
    facts = facts_refresh()
    print(f"refresh-figures: {facts.transactions:,} fact rows in {facts.seconds:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, timeout: float = 120, headers: dict[str, str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                urllib.request.Request(base + "/", headers=headers or {}), timeout=5
            ):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer at {base} within {timeout:.0f} s")


def single_user(base: str, runs: int) -> dict[str, float]:
    """Median ms of each page asked alone, after one warming request."""
    medians = {}
    pick = random.Random(7)
    for label in PAGES:
        times = []
        for _ in range(runs + 1):
            path = FIXED.get(label) or f"/activities/XM-BENCH-{pick.randrange(ACTIVITIES):07d}/"
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
                assert response.status == 200, (path, response.status)
            times.append((time.perf_counter() - started) * 1000)
        medians[label] = statistics.median(times[1:])
    return medians


@dataclass(frozen=True)
class Load:
    requests: int
    failures: int
    median: float
    p95: float


def evidence_pages() -> int:
    """How many pages of evidence the pledge page has, read from the data it shows."""
    from parity.commitments.models import Pledge
    from parity.commitments.tracking.pledge import pledge_report
    from parity.commitments.views import EVIDENCE_PAGE_SIZE

    money = pledge_report(Pledge.objects.get(slug=PLEDGE)).money
    return max(1, -(-money.count // EVIDENCE_PAGE_SIZE)) if money else 1


def under_load(base: str, users: int, seconds: int, folder: Path, pages: int) -> dict[str, Load]:
    locustfile = folder / "locustfile.py"
    locustfile.write_text(
        LOCUSTFILE.format(activities=ACTIVITIES, evidence_pages=pages, pledge=PLEDGE)
    )
    prefix = folder / "load"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(locustfile),
            "--headless",
            "--host",
            base,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "30",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        check=False,  # locust exits 1 when a request failed: the failures are reported below
        timeout=seconds + 120,
    )
    found = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] in PAGES:
                found[row["Name"]] = Load(
                    int(row["Request Count"]),
                    int(row["Failure Count"]),
                    float(row["50%"]),
                    float(row["95%"]),
                )
    return found


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--runs", type=int, default=15, help="sequential requests per page")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="serve with PARITY_PAGE_CACHE=0"
    )
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database (created when missing).")
    from bench.django_setup import ensure_database, setup_django

    ensure_database(url)

    setup_django(url)
    build_if_empty()
    pages = evidence_pages()
    print(f"pledge page: {pages} pages of evidence", flush=True)
    from parity.pagekit import freshness

    freshness.bump()  # every page starts uncached, whatever an earlier run left in the cache

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "PARITY_DATA_DIR": folder,
            "PARITY_TASK_QUEUE": "immediate",
            "DEBUG": "0",  # as in production: no query log, no debug pages
            "PARITY_PAGE_CACHE": "0" if args.no_page_cache else "1",
            "DJANGO_SETTINGS_MODULE": "parity.settings",
        }
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "parity.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            wait_until_up(base)
            cache = "off" if args.no_page_cache else "on"
            print(f"page cache {cache}; load average before: {load_average()}", flush=True)
            for label, median in single_user(base, args.runs).items():
                print(f"{label}: one user, median {median:.0f} ms over {args.runs} requests")
            print(f"load average before locust: {load_average()}", flush=True)
            results = under_load(base, args.users, args.seconds, Path(folder), pages)
            print(f"load average after locust: {load_average()}")
            for label, found in results.items():
                print(
                    f"{label}: {args.users} users, {found.requests} requests "
                    f"({found.failures} failed), median {found.median:.0f} ms, "
                    f"p95 {found.p95:.0f} ms"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
