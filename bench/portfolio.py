"""Benchmark: the portfolio page over 100,000 activities in a throwaway SQLite database.

    .venv/bin/python -m bench.portfolio [--activities 100000] [--repeat 15]

Fills the database with direct bulk inserts (the loader would spend most of the time on parts
the portfolio never reads): activities with a spread of markers and end dates, a recipient
country each, a review state per activity (stage reached, open flags, some reviews waiting)
and JICA priority-area tags on a fifth of them. Then it times the page through Django's test
client, logged in as a viewer, and prints the median per variant.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.django_setup import setup_django

BATCH = 5000
VARIANTS = {
    "default (sorted by identifier)": {},
    "marker 1 or 2": {"marker": "focused"},
    "sorted by open flags": {"sort": "-flags"},
    "overdue only": {"overdue": "yes"},
    "country KE": {"country": "KE"},
    "priority area, page 40": {"pillar": "PILLAR", "page": "40"},
}


def fill(n: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from parity.activities.models import Activity, Organisation, RecipientCountry
    from parity.commitments.models import Framework, Pillar, PillarTag
    from parity.mainstreaming.models import ReviewState

    countries = ["KE", "BD", "VN", "ET", "TZ", "NP", "GH", "PE"]
    markers = [None, 0, 0, 1, 1, 1, 2]
    now = timezone.now()
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            Organisation(ref=f"XM-BENCH-{i}", name=f"Bench agency {i}") for i in range(5)
        )
        framework = Framework.objects.create(
            slug="jica-priority-areas", name="JICA priority areas", kind="priority_areas"
        )
        pillars = Pillar.objects.bulk_create(
            Pillar(framework=framework, slug=f"area-{i}", number=i, name=f"Area {i}")
            for i in range(1, 6)
        )
    for start in range(0, n, BATCH):
        with transaction.atomic():
            rows = [
                Activity(
                    id=i + 1,
                    iati_identifier=f"XM-BENCH-{i % 5}-{i:07d}",
                    reporting_org=orgs[i % 5],
                    title=f"Bench activity {i}",
                    gender_marker=markers[i % len(markers)],
                    start_date=date(2012, 1, 1) + timedelta(days=i % 3000),
                    end_date=date(2012, 1, 1) + timedelta(days=i % 3000 + 365 + i % 1500),
                    created_at=now,
                    updated_at=now,
                )
                for i in range(start, min(n, start + BATCH))
            ]
            Activity.objects.bulk_create(rows)
            RecipientCountry.objects.bulk_create(
                RecipientCountry(activity_id=a.id, code=countries[a.id % len(countries)])
                for a in rows
            )
            ReviewState.objects.bulk_create(
                ReviewState(
                    activity_id=a.id,
                    identifier=a.iati_identifier,
                    reporting_org_id=a.reporting_org_id,
                    gender_marker=a.gender_marker,
                    end_date=a.end_date,
                    stage_reached=a.id % 6,
                    open_flags=a.id % 4,
                    pending_since=now - timedelta(days=a.id % 90) if a.id % 7 == 0 else None,
                )
                for a in rows
            )
            PillarTag.objects.bulk_create(
                PillarTag(activity_id=a.id, pillar=pillars[a.id % 5], automatic=True, rule="bench")
                for a in rows
                if a.id % 5 == 0
            )


def measure(repeat: int) -> dict[str, float]:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from parity.commitments.models import Pillar

    user = User.objects.create_user("bench-viewer")
    user.groups.add(Group.objects.get(name="viewer"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("mainstreaming:portfolio")
    pillar = str(Pillar.objects.order_by("pk").first().pk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    medians = {}
    for name, query in VARIANTS.items():
        query = {k: (pillar if v == "PILLAR" else v) for k, v in query.items()}
        assert client.get(url, query).status_code == 200  # warm caches and templates
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url, query)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        medians[name] = statistics.median(times) * 1000
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parity-bench-") as folder:
        setup_django(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", PARITY_DATA_DIR=folder)
        started = time.perf_counter()
        fill(args.activities)
        print(f"filled {args.activities:,} activities in {time.perf_counter() - started:.1f} s")
        for name, ms in measure(args.repeat).items():
            print(f"portfolio page, {name}: median {ms:.0f} ms over {args.repeat} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
