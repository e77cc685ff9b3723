"""Benchmark: the pledge page with one million transactions in the database.

    .venv/bin/python -m bench.pledge_page [--transactions 1000000] [--runs 15] [--database FILE]

Builds a throwaway SQLite database in a temporary folder (or the PostgreSQL database named by
``BENCH_DATABASE_URL``, which it fills and leaves), writes 20,000 activities from 20 reporting
organisations with 50 transactions each by direct inserts, loads annual exchange rates, and
creates a pledge whose scope is 4 of the 20 organisations, scored 1 or 2 (a fifth of the
portfolio, about 200,000 transactions), on disbursements 2016-2018 in JPY. It then asks for
the pledge page through the Django test client and prints the median time with the pledge's
progress stored and up to date (warm), and with it out of date, so the request recomputes
it (cold), and the time of the fingerprint that decides between the two. The figure shown
is checked against an independent SQL recount.

``--database bench.db`` keeps the SQLite file, so later runs skip the build.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.django_setup import setup_django

ORGS = 20
IN_SCOPE_ORGS = 4
PER_ACTIVITY = 50
CURRENCIES = ["USD", "EUR", "JPY", "GBP"]
RATES = {"EUR": Decimal("0.9"), "JPY": Decimal("110.42"), "GBP": Decimal("0.78")}


def build(transactions: int, seed: int = 1) -> None:
    from django.db import transaction
    from django.utils import timezone

    from parity.activities import bulk
    from parity.activities.models import Activity, Organisation, Transaction
    from parity.commitments.models import Framework, Pillar, PillarTag, Pledge
    from parity.commitments.rates import rates_import
    from parity.money import RatePeriod, RateRow

    rng = random.Random(seed)
    activities = transactions // PER_ACTIVITY
    now = timezone.now()
    with transaction.atomic():
        orgs = [
            Organisation.objects.create(ref=f"XM-BENCH-{i:02d}", name=f"Bench org {i}")
            for i in range(ORGS)
        ]
        framework = Framework.objects.create(slug="bench", name="Bench", kind="strategy")
        pillars = [
            Pillar.objects.create(framework=framework, slug=f"p{i}", number=i, name=f"P{i}")
            for i in (1, 2, 3)
        ]
        ids = bulk.allocate_ids(Activity, activities)
        rows = []
        for n, pk in enumerate(ids):
            rows.append(
                {
                    "id": pk,
                    "iati_identifier": f"XM-BENCH-{n:07d}",
                    "reporting_org_id": orgs[n % ORGS].pk,
                    "title": f"Bench activity {n}",
                    "default_currency": rng.choice(CURRENCIES),
                    "gender_marker": rng.choices([None, 0, 1, 2], [25, 30, 30, 15])[0],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        bulk.insert_rows(Activity, rows, with_ids=True)
        tags = [
            {"activity_id": pk, "pillar_id": rng.choice(pillars).pk, "automatic": False}
            for pk in ids
            if rng.random() < 0.3
        ]
        bulk.insert_rows(PillarTag, tags)
        start = date(2010, 1, 1)
        batch: list[dict] = []
        for pk in ids:
            for _ in range(PER_ACTIVITY):
                day = start + timedelta(days=rng.randrange(16 * 365))
                batch.append(
                    {
                        "activity_id": pk,
                        "type": rng.choices(["2", "3", "4"], [15, 60, 25])[0],
                        "date": day,
                        "value": Decimal(rng.randrange(10_000, 500_000_000)) / 100,
                        "currency": rng.choice(["", "", "USD", "EUR", "JPY"]),
                        "value_date": day if rng.random() < 0.5 else None,
                    }
                )
            if len(batch) >= 50_000:
                bulk.insert_rows(Transaction, batch)
                batch = []
        bulk.insert_rows(Transaction, batch)
    rates_import(
        [
            RateRow(currency, RatePeriod(year), rate, "Bench rates")
            for year in range(2009, 2027)
            for currency, rate in RATES.items()
        ]
    )
    pledge = Pledge(
        slug="bench-pledge",
        title="Bench pledge",
        framework=framework,
        period_start=date(2016, 1, 1),
        period_end=date(2018, 12, 31),
        money_amount=Decimal("300000000000"),
        money_currency="JPY",
        money_basis=Pledge.DISBURSEMENTS,
        scope_rule={
            "reporting_orgs": [f"XM-BENCH-{i:02d}" for i in range(IN_SCOPE_ORGS)],
            "gender_markers": [1, 2],
        },
    )
    pledge.full_clean()
    pledge.save()


def recount() -> Decimal:
    """Independent check of the figure: SQL picks the rows, Python converts each one."""
    from decimal import ROUND_HALF_EVEN

    from parity.activities.models import Transaction

    rows = Transaction.objects.filter(
        activity__reporting_org__ref__in=[f"XM-BENCH-{i:02d}" for i in range(IN_SCOPE_ORGS)],
        activity__gender_marker__in=[1, 2],
        type__in=["3", "4"],
        date__gte=date(2016, 1, 1),
        date__lte=date(2018, 12, 31),
    ).values_list("value", "currency", "activity__default_currency")
    total = Decimal(0)
    for value, currency, default in rows.iterator():
        source = currency or default
        amount = value * RATES["JPY"] / (RATES[source] if source != "USD" else Decimal(1))
        total += amount.quantize(Decimal("0.000001"), ROUND_HALF_EVEN)
    return total


@dataclass(frozen=True)
class Timings:
    warm: float  # median ms, stored progress up to date
    warm_cpu: float  # median CPU ms of this process (SQLite included) for the same pages
    cold: float  # median ms, stored progress out of date: recomputed during the request
    cached: float  # median ms, the page's main part served from the page cache
    fingerprint: float  # median ms of the fingerprint alone
    counted: int


def _page(client: Any) -> tuple[float, float]:
    """Wall and CPU milliseconds of one page view. On a shared machine the wall time includes
    waiting for a core; the CPU time is the work itself."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get("/pledges/bench-pledge/")
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200
    return elapsed * 1000, used * 1000


def measure(runs: int, cold_runs: int) -> Timings:
    from django.test import Client, override_settings

    from parity.commitments import stored_progress
    from parity.commitments.models import Pledge
    from parity.commitments.scope import scope_activities
    from parity.commitments.tracking.money import pillar_keys
    from parity.commitments.tracking.pledge import pledge_report

    pledge = Pledge.objects.get(slug="bench-pledge")
    client = Client(HTTP_HOST="localhost")
    _page(client)  # warms the template and import caches (and stores the progress)
    cold = []
    for _ in range(cold_runs):
        stored_progress.forget(pledge)
        cold.append(_page(client)[0])
    warm = [_page(client) for _ in range(runs)]
    with override_settings(PARITY_PAGE_CACHE=True):
        _page(client)  # computes and stores the page's main part
        cached = [_page(client)[0] for _ in range(runs)]
    # The figure the warm pages showed, read back from the snapshot, against a recount.
    report = pledge_report(pledge)
    assert report.money is not None and report.money.from_snapshot
    expected = recount()
    if report.money.progress.total != expected:
        sys.exit(f"figure {report.money.progress.total} differs from the recount {expected}")
    names = pillar_keys(pledge)
    prints = []
    for _ in range(runs):
        started = time.perf_counter()
        stored_progress.fingerprint(pledge, scope_activities(pledge), names)
        prints.append((time.perf_counter() - started) * 1000)
    return Timings(
        statistics.median(wall for wall, _ in warm),
        statistics.median(cpu for _, cpu in warm),
        statistics.median(cold),
        statistics.median(cached),
        statistics.median(prints),
        report.money.count,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument(
        "--database",
        type=Path,
        help="a SQLite file to keep: built when missing, reused as it is when present",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "bench.db"
        reuse = args.database is not None and args.database.exists()
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{path}"
        setup_django(url)
        started = time.perf_counter()
        if not reuse:
            build(args.transactions)
        from django.db import connection

        from parity.activities.models import Transaction

        total = Transaction.objects.count()
        built = time.perf_counter() - started
        how = "reused" if reuse else f"built in {built:.0f} s"
        print(f"database: {connection.vendor}, {total:,} transactions, {how}")
        found = measure(args.runs, args.cold_runs)
        print(f"pledge page: {found.counted:,} transactions counted; figure equals the recount")
        print(
            f"pledge page, progress stored: median {found.warm:.0f} ms over {args.runs} runs "
            f"(CPU {found.warm_cpu:.0f} ms)"
        )
        print(f"pledge page, progress recomputed: median {found.cold:.0f} ms over {args.cold_runs}")
        print(f"pledge page, from the page cache: median {found.cached:.1f} ms over {args.runs}")
        print(f"fingerprint alone: median {found.fingerprint:.1f} ms")
        print(f"load average: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
