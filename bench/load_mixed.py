"""Mixed load test of the production profile: pages, API reads and one upload, no 5xx allowed.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parity_load_mixed \\
        .venv/bin/python -m bench.load_mixed [--users 50] [--seconds 60] [--activities 10000]

Needs PostgreSQL (``BENCH_DATABASE_URL``, created when missing), Redis on 127.0.0.1:6379 (the
production task queue and page cache) and the dev tools ``gunicorn`` and ``locust``. The
first run fills the database as ``bench.load`` does, with ``--activities`` activities; later
runs reuse it. Then it serves Parity with gunicorn on 127.0.0.1 only (a free port) in the
production profile (a SECRET_KEY and a protection key made for this run, DEBUG off, the host
allowed being 127.0.0.1), with ``parity worker`` on a Redis queue of the run's own, and gives an
editor an API token. The production profile redirects plain http to https; the requests carry
``X-Forwarded-Proto: https``, as the TLS proxy in front of Parity sends it
(``SECURE_PROXY_SSL_HEADER``). locust runs headless with ``--users`` users for ``--seconds``
seconds, each user asking without pause for pages (home, activity list, an activity, the
dashboard, a pledge) and API reads (activities, an activity, figures, imports); one task, once
in the whole run, uploads a small generated IATI file through POST /api/imports. It prints
per endpoint the requests, failures, 5xx answers, median and 95th percentile, then the
upload's import status once the worker is done with it, and exits non-zero if any answer was
a 5xx or the upload failed. Everything stays on the loopback interface and stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import (
    PLEDGE,
    build_if_empty,
    free_port,
    load_average,
    wait_until_up,
)

HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front of Parity adds
QUEUE = "redis://127.0.0.1:6379/0"
CACHE = "redis://127.0.0.1:6379/1"
EDITOR = "load-mixed-editor"
# locust's own file, written next to its reports. Each user walks pages and API reads in turn;
# the first user to reach `upload` posts the file, every later call is a read instead. 5xx
# answers are counted here (locust's failures also include 4xx) and written out at the end.
LOCUSTFILE = """
import json
import random
import uuid
from collections import Counter

from locust import FastHttpUser, constant, events, task

UPLOAD = {{"done": False, "id": None, "status": None}}
SERVER_ERRORS = Counter()


@events.request.add_listener
def count_5xx(name, response=None, **kwargs):
    if response is not None and (response.status_code or 0) >= 500:
        SERVER_ERRORS[name] += 1


@events.quitting.add_listener
def write_out(environment, **kwargs):
    with open({report!r}, "w") as handle:
        json.dump({{"server_errors": SERVER_ERRORS, "upload": UPLOAD}}, handle)


def activity():
    return f"XM-BENCH-{{random.randrange({activities}):07d}}"


class Visitor(FastHttpUser):
    wait_time = constant(0)
    default_headers = {headers!r}

    @task(5)
    def pages(self):
        self.client.get("/", name="page: home")
        self.client.get("/activities/", name="page: activities")
        self.client.get(f"/activities/{{activity()}}/", name="page: activity")
        self.client.get("/dashboard/", name="page: dashboard")
        self.client.get("/pledges/{pledge}/", name="page: pledge")

    @task(5)
    def api(self):
        self.client.get("/api/activities", name="api: activities")
        self.client.get(f"/api/activities/{{activity()}}", name="api: activity")
        self.client.get("/api/figures", name="api: figures")
        self.client.get("/api/imports", name="api: imports")

    @task(1)
    def upload(self):
        if UPLOAD["done"]:
            return self.api()
        UPLOAD["done"] = True
        boundary = uuid.uuid4().hex
        with open({upload!r}, "rb") as handle:
            content = handle.read()
        body = (
            f"--{{boundary}}\\r\\n"
            'Content-Disposition: form-data; name="file"; filename="load-mixed.xml"\\r\\n'
            "Content-Type: application/xml\\r\\n\\r\\n"
        ).encode() + content + f"\\r\\n--{{boundary}}--\\r\\n".encode()
        headers = {{
            "Authorization": "Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={{boundary}}",
        }}
        with self.client.post(
            "/api/imports", data=body, headers=headers, name="api: upload", catch_response=True
        ) as response:
            UPLOAD["status"] = response.status_code
            if response.status_code == 202:
                UPLOAD["id"] = response.json()["id"]
            else:
                response.failure(f"upload answered {{response.status_code}}")
"""


def editor_token() -> str:
    """A new API token for the load test's editor (made with the editor role if missing)."""
    from django.contrib.auth.models import Group, User

    from parity import roles
    from parity.api.models import ApiToken

    user, made = User.objects.get_or_create(username=EDITOR)
    if made:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=roles.EDITOR)[0])
    return ApiToken.issue(user, "bench.load_mixed")[1]


def production_env(url: str, folder: str, queue_name: str) -> dict[str, str]:
    from parity.protection.core.envelope import new_key_line

    return {
        **os.environ,
        "PARITY_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # made for this run, never stored
        "PARITY_PROTECTION_KEYS": new_key_line(f"load{int(time.time())}"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "DATABASE_URL": url,
        "PARITY_DATA_DIR": folder,
        "PARITY_TASK_QUEUE": QUEUE,
        "PARITY_TASK_QUEUE_NAME": queue_name,  # its own queue: no other instance's tasks
        "PARITY_CACHE_URL": CACHE,
        "PARITY_PAGE_CACHE": "1",
        "DJANGO_SETTINGS_MODULE": "parity.settings",
    }


def run_locust(base: str, args: argparse.Namespace, folder: Path, token: str) -> Path:
    from bench.iati_files import portfolio_file

    report = folder / "report.json"
    locustfile = folder / "locustfile.py"
    locustfile.write_text(
        LOCUSTFILE.format(
            report=str(report),
            activities=args.activities,
            headers=HTTPS,
            pledge=PLEDGE,
            # A file no earlier run has sent (its own seed), so the upload is imported under
            # load rather than skipped as already imported.
            upload=str(portfolio_file(3, seed=time.time_ns() % 1_000_000, out=folder).path),
            token=token,
        )
    )
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            *("-f", str(locustfile), "--headless", "--host", base),
            *("--users", str(args.users), "--spawn-rate", str(args.users)),
            *("--run-time", f"{args.seconds}s", "--stop-timeout", "30"),
            *("--csv", str(folder / "load"), "--only-summary", "--loglevel", "WARNING"),
        ],
        check=False,  # locust exits 1 when a request failed: the failures are reported below
        timeout=args.seconds + 120,
    )
    return report


def import_status(base: str, run_id: int, timeout: float = 120) -> dict:
    """The upload's import run once the worker has finished it (or the last seen state)."""
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(f"{base}/api/imports/{run_id}", headers=HTTPS)
        with urllib.request.urlopen(request, timeout=30) as response:
            run = json.load(response)
        if run["status"] != "running" or time.monotonic() > deadline:
            return run
        time.sleep(1)


def print_results(folder: Path, server_errors: dict[str, int]) -> None:
    with open(folder / "load_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"]
            if row["Type"] == "" or name == "Aggregated":
                continue
            print(
                f"{name}: {row['Request Count']} requests, {row['Failure Count']} failed, "
                f"{server_errors.get(name, 0)} 5xx, median {float(row['50%']):.0f} ms, "
                f"p95 {float(row['95%']):.0f} ms"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--activities", type=int, default=10_000, help="built when empty")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database (created when missing).")
    from bench.django_setup import ensure_database, setup_django

    ensure_database(url)

    setup_django(url, PARITY_CACHE_URL=CACHE)
    build_if_empty(args.activities)
    token = editor_token()
    from parity.pagekit import freshness

    freshness.bump()  # every page starts uncached, whatever an earlier run left in the cache

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(url, folder, f"parity-load-mixed-{port}")
        bin_dir = Path(sys.executable).parent
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "parity.wsgi",
                *("--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
                *("--timeout", "120", "--log-level", "warning"),
            ],
            env=env,
        )
        worker = subprocess.Popen([str(bin_dir / "parity"), "worker"], env=env)
        try:
            wait_until_up(base, headers=HTTPS)
            print(f"production profile; load average before locust: {load_average()}", flush=True)
            report = json.loads(run_locust(base, args, Path(folder), token).read_text())
            print(f"load average after locust: {load_average()}")
            print_results(Path(folder), report["server_errors"])
            upload = report["upload"]
            run = import_status(base, upload["id"]) if upload["id"] else None
        finally:
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                process.wait(timeout=30)
    server_errors = sum(report["server_errors"].values())
    if run is None:
        print(f"upload: not accepted (answer {upload['status']})")
    else:
        print(
            f"upload: import run {run['id']} {run['status']}, "
            f"{run['activities_read']} activities read, {run['unchanged']} unchanged; "
            f"{run['message']}".rstrip("; ")
        )
    print(f"5xx answers: {server_errors}")
    imported = run is not None and run["status"] == "complete" and run["activities_read"] > 0
    return 1 if server_errors or not imported else 0


if __name__ == "__main__":
    sys.exit(main())
