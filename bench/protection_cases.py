"""Benchmark: the protection case list with 100,000 cases in the database.

    .venv/bin/python -m bench.protection_cases [--cases 100000] [--runs 15]

Builds a throwaway SQLite database in a temporary folder, a fresh random key, one agency
owning 100,000 cases (plus a second agency with a tenth as many, so the list really filters),
then asks for the case list page through the Django test client as a logged-in case worker
with the second factor verified, and prints the median time. Every request also writes its
audit entry, as in production. Target: under 300 ms.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta

from bench.django_setup import setup_django

TARGET_MS = 300


@dataclass
class Result:
    name: str
    median_ms: float
    error: str = ""


def build(cases: int, seed: int = 1):
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from parity.protection.models import Agency, Case, Membership
    from parity.protection.services import NUMBER_ALPHABET

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        ours = Agency.objects.create(name="Bench hotline", kind="hotline", country="TH")
        other = Agency.objects.create(name="Bench shelter", kind="shelter", country="LA")
        user = User.objects.create_user("bench-worker")
        membership = Membership.objects.create(user=user, agency=ours, role="case_worker")
        numbers = set()
        batch = []
        for i in range(cases + cases // 10):
            while True:
                body = "".join(rng.choice(NUMBER_ALPHABET) for _ in range(8))
                if body not in numbers:
                    numbers.add(body)
                    break
            batch.append(
                Case(
                    number=f"PT-{body[:4]}-{body[4:]}",
                    agency=ours if i < cases else other,
                    opened_by=user,
                    opened_at=now - timedelta(minutes=i),
                    sex=rng.choice(["female", "male", "unknown"]),
                    age_band=rng.choice(["9-17", "18-20", "21-23", "30-38"]),
                    nationality=rng.choice(["TH", "LA", "MM", "KH"]),
                    exploitation=rng.choice(["labour", "sexual", "forced_marriage"]),
                    identity_ct="",
                )
            )
            if len(batch) == 5000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    return user, membership


def measure(user, runs: int) -> float:
    from django.test import Client

    from parity.protection.middleware import VERIFIED

    client = Client()
    client.force_login(user)
    session = client.session
    session[VERIFIED] = user.pk
    session.save()
    response = client.get("/protection/")
    assert response.status_code == 200, response.status_code
    assert response.content.count(b'href="/protection/cases/PT-') == 50
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get("/protection/?page=2")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(*, cases: int = 100_000, runs: int = 15) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        setup_django(
            f"sqlite:///{folder}/bench.sqlite3",
            PARITY_DATA_DIR=folder,
            ALLOWED_HOSTS="testserver",
            PARITY_PROTECTION_KEYS="b1:" + base64.b64encode(os.urandom(32)).decode(),
        )
        started = time.perf_counter()
        user, _membership = build(cases)
        print(f"built {cases:,} cases in {time.perf_counter() - started:.1f} s", flush=True)
        median = measure(user, runs)
    error = "" if median < TARGET_MS else f"median {median:.0f} ms > {TARGET_MS} ms"
    print(f"protection case list, {cases:,} cases: median {median:.1f} ms over {runs} runs")
    return [Result("protection case list", median, error)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    results = run(cases=args.cases, runs=args.runs)
    return 1 if results[0].error else 0


if __name__ == "__main__":
    sys.exit(main())
