"""Benchmark: training the marker-suggestion model and scoring 100,000 stored activities.

    .venv/bin/python -m bench.suggest_markers [--train-rows 20000] [--activities 100000]

Texts are the real OECD CRS rows shipped for the demo (parity/crs/data/demo), so their lengths
and words are real ones: training cycles the labelled rows up to ``--train-rows`` (each copy
a project of its own, "phase n"); the database is filled with ``--activities`` unscreened
activities cycling all rows' texts and purpose codes. Timed: training (target under 2
minutes for 20,000 rows), and ``parity suggest-markers --json`` end to end as a person runs
it (load the model file, read the unscreened activities, score them with reasons, store the
scores, rank and print; target under 1 minute for 100,000). Wall clock, this process's CPU
time and the load average are printed, since the machine may be shared. Exits 1 when a target
is missed or not every activity was scored.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from importlib import resources
from pathlib import Path

from bench.django_setup import setup_django

BATCH = 5000
TRAIN_TARGET_S = 120.0
SUGGEST_TARGET_S = 60.0


def demo_csv(folder: Path) -> Path:
    """The shipped extract, unzipped into ``folder``."""
    data = resources.files("parity.crs").joinpath("data/demo/crs-housing-2014-2023.zip")
    with zipfile.ZipFile(io.BytesIO(data.read_bytes())) as archive:
        (name,) = archive.namelist()
        path = folder / Path(name).name
        path.write_bytes(archive.read(name))
    return path


def training_rows(path: Path, n: int) -> list:
    from parity.suggest.sources import read_labelled

    real = [row for row in read_labelled(path) if row.subject.text]
    rows = []
    for i in range(n):
        row = real[i % len(real)]
        phase = i // len(real)
        subject = replace(
            row.subject,
            key=f"{row.subject.key}-{phase}",
            title=f"{row.subject.title} (phase {phase})" if phase else row.subject.title,
        )
        rows.append(replace(row, subject=subject))
    return rows


def fill(path: Path, n: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from parity.activities.models import Activity, ActivitySector, Organisation

    with path.open(encoding="utf-8", newline="") as source:
        texts = [
            (r["project_title"], r["long_description"], r["sector_code"], r["donor_name"])
            for r in csv.DictReader(source)
        ]
    now = timezone.now()
    orgs = {}
    with transaction.atomic():
        for name in sorted({t[3] for t in texts}):
            orgs[name] = Organisation.objects.create(ref=f"XM-BENCH-{len(orgs)}", name=name)
    for start in range(0, n, BATCH):
        with transaction.atomic():
            rows = []
            for i in range(start, min(n, start + BATCH)):
                title, description, _, donor = texts[i % len(texts)]
                rows.append(
                    Activity(
                        id=i + 1,
                        iati_identifier=f"XM-BENCH-{i:07d}",
                        reporting_org=orgs[donor],
                        title=title,
                        description=description,
                        default_aid_types=["C01"],
                        created_at=now,
                        updated_at=now,
                    )
                )
            Activity.objects.bulk_create(rows)
            ActivitySector.objects.bulk_create(
                ActivitySector(activity_id=a.id, code=texts[(a.id - 1) % len(texts)][2])
                for a in rows
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--train-rows", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parity-bench-") as folder:
        setup_django(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", PARITY_DATA_DIR=folder)
        from django.core.management import call_command

        from parity.mainstreaming.suggestions import model_path
        from parity.suggest import modelfile
        from parity.suggest.train import train

        path = demo_csv(Path(folder))
        rows = training_rows(path, args.train_rows)
        started, cpu = time.perf_counter(), time.process_time()
        model, trained_on = train([("bench", rows)])
        trained = time.perf_counter() - started
        print(
            f"trained on {len(rows):,} labelled rows in {trained:.1f} s "
            f"({time.process_time() - cpu:.1f} s of CPU; target {TRAIN_TARGET_S:.0f} s; "
            f"load {load()})"
        )
        modelfile.save(model, model_path(), trained_on)
        started = time.perf_counter()
        fill(path, args.activities)
        print(f"filled {args.activities:,} activities in {time.perf_counter() - started:.1f} s")
        output = io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("suggest_markers", "--json", "--limit", "100", stdout=output)
        suggested = time.perf_counter() - started
        scored = json.loads(output.getvalue())["scored"]
        print(
            f"parity suggest-markers scored, stored and ranked {scored:,} activities in "
            f"{suggested:.1f} s ({time.process_time() - cpu:.1f} s of CPU in this process; "
            f"target {SUGGEST_TARGET_S:.0f} s; load {load()})"
        )
    missed = (args.train_rows >= 20_000 and trained > TRAIN_TARGET_S) or (
        args.activities >= 100_000 and suggested > SUGGEST_TARGET_S
    )
    return 1 if missed or scored != args.activities else 0


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
