"""Benchmark: the dashboard with 100,000 activities and one million transactions.

    .venv/bin/python -m bench.dashboard [--activities 100000] [--per-activity 10] [--runs 15]

Builds a throwaway SQLite database in a temporary folder (or the PostgreSQL database named by
``BENCH_DATABASE_URL``, which it fills and leaves) by direct inserts: 20 reporting
organisations, activities with 1-3 recipient countries and 1-3 DAC sectors with percentages,
default aid types (most bilateral allocable), markers 0/1/2 or none, a third tagged with JICA
priority areas, and transactions of types 2, 3 and 4 in four currencies with annual rates.
It then rebuilds the fact table (timed), checks that the fact table's sums equal a SQL recount
of the raw transactions, and asks for the dashboard through the Django test client: unfiltered,
by country, and by organisation with disbursements. Prints for each the time with the figures'
cache emptied (cold) and the median with it filled (warm).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench.django_setup import setup_django

ORGS = 20
CURRENCIES = ["USD", "EUR", "JPY", "GBP"]
RATES = {"EUR": Decimal("0.9"), "JPY": Decimal("110.42"), "GBP": Decimal("0.78")}
COUNTRIES = ["AF", "BD", "KH", "ET", "GH", "KE", "MZ", "NP", "PK", "TZ", "UG", "VN", "ZM", "MM"]
SECTORS = ["11220", "12220", "15110", "15170", "15180", "13020", "31120", "14030", "16020"]
AID_TYPES = ["C01", "C01", "C01", "B01", "D02", "A02", "B03", "G01", "H01"]
AREAS = [
    "economic-empowerment",
    "rights-and-security",
    "education-and-health",
    "governance",
    "infrastructure",
]
PAGES = {
    "unfiltered": "/dashboard/",
    "one country": "/dashboard/?country=KE",
    "organisation, disbursements": "/dashboard/?reporting_org=XM-BENCH-03&basis=disbursements",
}


def _percentages(rng: random.Random, count: int) -> list[Decimal]:
    if count == 1:
        return [Decimal(100)]
    cuts = sorted(rng.sample(range(5, 100, 5), count - 1))
    return [Decimal(b - a) for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]


def build(activities: int, per_activity: int, seed: int = 1) -> None:
    from django.db import transaction
    from django.utils import timezone

    from parity.activities import bulk
    from parity.activities.models import (
        Activity,
        ActivitySector,
        Organisation,
        RecipientCountry,
        Transaction,
    )
    from parity.commitments.models import Framework, Pillar, PillarTag
    from parity.commitments.rates import rates_import
    from parity.money import RatePeriod, RateRow

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        orgs = [
            Organisation.objects.create(ref=f"XM-BENCH-{i:02d}", name=f"Bench org {i}")
            for i in range(ORGS)
        ]
        framework, _ = Framework.objects.get_or_create(
            slug="jica-priority-areas",
            defaults={"name": "Priority areas", "kind": "priority_areas"},
        )
        pillars = [
            Pillar.objects.get_or_create(
                framework=framework, slug=slug, defaults={"number": n, "name": slug}
            )[0]
            for n, slug in enumerate(AREAS, start=1)
        ]
        ids = bulk.allocate_ids(Activity, activities)
        rows, countries, sectors, tags = [], [], [], []
        for n, pk in enumerate(ids):
            rows.append(
                {
                    "id": pk,
                    "iati_identifier": f"XM-BENCH-{n:07d}",
                    "reporting_org_id": orgs[n % ORGS].pk,
                    "title": f"Bench activity {n}",
                    "default_currency": rng.choice(CURRENCIES),
                    "default_aid_types": [rng.choice(AID_TYPES)],
                    "default_flow_type": "10",
                    "gender_marker": rng.choices([None, 0, 1, 2], [25, 30, 30, 15])[0],
                    "created_at": now,
                    "updated_at": now,
                }
            )
            chosen = rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3]))
            for code, pct in zip(chosen, _percentages(rng, len(chosen)), strict=True):
                countries.append({"activity_id": pk, "code": code, "percentage": pct})
            chosen = rng.sample(SECTORS, rng.choice([1, 1, 2, 3]))
            missing = rng.random() < 0.1  # some publishers give no percentages: equal split
            for code, pct in zip(chosen, _percentages(rng, len(chosen)), strict=True):
                sectors.append(
                    {
                        "activity_id": pk,
                        "code": code,
                        "vocabulary": "1",
                        "percentage": None if missing else pct,
                    }
                )
            if rng.random() < 0.3:
                for pillar in rng.sample(pillars, rng.choice([1, 1, 2])):
                    tags.append({"activity_id": pk, "pillar_id": pillar.pk, "automatic": False})
        bulk.insert_rows(Activity, rows, with_ids=True)  # the ids allocated above
        bulk.insert_rows(RecipientCountry, countries)
        bulk.insert_rows(ActivitySector, sectors)
        bulk.insert_rows(PillarTag, tags)
        start = date(2012, 1, 1)
        batch: list[dict] = []
        for pk in ids:
            for _ in range(per_activity):
                day = start + timedelta(days=rng.randrange(13 * 365))
                batch.append(
                    {
                        "activity_id": pk,
                        "type": rng.choices(["2", "3", "4", "1"], [25, 55, 15, 5])[0],
                        "date": day,
                        "value": Decimal(rng.randrange(10_000, 500_000_000)) / 100,
                        "currency": rng.choice(["", "", "USD", "EUR", "JPY"]),
                        "value_date": day if rng.random() < 0.5 else None,
                        "aid_type": "B01" if rng.random() < 0.05 else "",
                    }
                )
            if len(batch) >= 50_000:
                bulk.insert_rows(Transaction, batch)
                batch = []
        bulk.insert_rows(Transaction, batch)
    rates_import(
        [
            RateRow(currency, RatePeriod(year), rate, "Bench rates")
            for year in range(2010, 2027)
            for currency, rate in RATES.items()
        ]
    )


def check_totals() -> None:
    """The fact table's cents add up to the raw transactions converted one by one."""
    from decimal import ROUND_HALF_EVEN

    from django.db.models import Count, Sum

    from parity.activities.models import Transaction
    from parity.analytics.models import FigureRow

    expected: dict[str, int] = {"c": 0, "d": 0}
    rows = Transaction.objects.filter(type__in=["2", "3", "4"], date__isnull=False).values_list(
        "type", "value", "currency", "activity__default_currency"
    )
    for type_code, value, currency, default in rows.iterator(chunk_size=50_000):
        source = currency or default
        amount = value if source == "USD" else value / RATES[source]
        cents = int(amount.quantize(Decimal("0.01"), ROUND_HALF_EVEN) * 100)
        expected["c" if type_code == "2" else "d"] += cents
    found = dict(
        FigureRow.objects.order_by()
        .values_list("flow")
        .annotate(Sum("amount"))
        .values_list("flow", "amount__sum")
    )
    unconverted = FigureRow.objects.filter(amount__isnull=True).aggregate(n=Count("id"))["n"]
    if found != expected or unconverted:
        sys.exit(f"fact table {found} ({unconverted} unconverted) differs from {expected}")


def measure(runs: int) -> dict[str, tuple[float, float]]:
    """Per page: the median with its figures cached (warm), and the first request after the
    figures' cache was emptied (cold: every figure computed from the fact table)."""
    from django.test import Client

    from parity.analytics import cache

    client = Client(HTTP_HOST="localhost")
    client.get("/dashboard/")  # warms the template and import caches
    results = {}
    for label, url in PAGES.items():
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        results[label] = (statistics.median(times) * 1000, cold * 1000)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--per-activity", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.db'}"
        setup_django(url)
        started = time.perf_counter()
        build(args.activities, args.per_activity)
        from django.db import connection

        from parity.activities.models import Transaction
        from parity.analytics.facts import facts_refresh

        total = Transaction.objects.count()
        built = time.perf_counter() - started
        print(f"database: {connection.vendor}, {total:,} transactions, built in {built:.0f} s")
        started = time.perf_counter()
        facts = facts_refresh()
        warmed = time.perf_counter() - started - facts.seconds
        print(f"refresh-figures: {facts.transactions:,} fact rows in {facts.seconds:.1f} s")
        print(f"warming the unfiltered view's cache: {warmed:.1f} s")
        check_totals()
        print("fact table: sums equal the recount of the raw transactions")
        for label, (median, first) in measure(args.runs).items():
            print(
                f"dashboard ({label}): warm median {median:.0f} ms over {args.runs} runs, "
                f"cold {first:.0f} ms; load average {os.getloadavg()[0]:.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
