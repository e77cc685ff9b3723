"""Benchmark: `parity import-iati --jobs 2` against one process, on PostgreSQL.

    .venv/bin/python -m bench.iati_parallel [--quick] [--files 20] [--per-file 500] [--repeat 1]

A folder of ``--files`` files (one deterministic portfolio split in equal parts, so every
activity is in one file only; ``bench/out/parallel-FxN-s0/``, reused while complete) is
imported into a fresh PostgreSQL database by ``parity import-iati FOLDER --json``, then the
same with ``--jobs 2``, alternating ``--repeat`` times; the best wall time of each counts.
Throughput is activities per wall second; the target (issue 16) is at least 1.6x the
single-process throughput with 2 jobs. CPU seconds include the worker processes (the import
waits for them, so the kernel adds their time to its own), not the PostgreSQL server's.
The load average is recorded before each import: the machine is shared, and its load slows
the side-by-side run more than the single one. Results go to ``bench/out/iati_parallel.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.iati_files import GENERATED, OUT
from bench.iati_import import POSTGRES_SERVER, _parity, _spawn, _tail
from parity.iati.writer import write_activities
from parity.sample import generate_portfolio

TARGET = 1.6  # throughput with 2 jobs, as a multiple of one process's
DATABASE = "parity_bench_parallel"


@dataclass
class Run:
    jobs: int
    wall: float = 0.0
    cpu: float = 0.0
    activities: int = 0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    error: str = ""


def folder_of(files: int, per_file: int, out: Path = OUT) -> Path:
    """``files`` files of ``per_file`` activities (generated unless already complete)."""
    folder = out / f"parallel-{files}x{per_file}-s0"
    done = folder / "COMPLETE"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    activities = generate_portfolio(files * per_file, seed=0)
    for number in range(files):
        with (folder / f"part-{number:02d}.xml").open("wb") as out_file:
            part = (next(activities) for _ in range(per_file))
            write_activities(part, out_file, generated=GENERATED)
    done.write_text("written last: the folder is whole\n")
    return folder


def import_once(folder: Path, jobs: int, work: Path) -> Run:
    import psycopg

    run = Run(jobs, load=os.getloadavg())
    admin = f"{POSTGRES_SERVER}/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        env = {**os.environ, "DATABASE_URL": f"{POSTGRES_SERVER}/{DATABASE}"}
        env["PARITY_DATA_DIR"] = str(work / "data")
        code, _, _, _ = _spawn([_parity(), "migrate", "--no-input"], env, work / "migrate.log")
        if code != 0:
            run.error = "migrate failed: " + _tail(work / "migrate.log")
            return run
        log = work / f"jobs-{jobs}.log"
        argv = [_parity(), "import-iati", "--jobs", str(jobs), "--json", str(folder)]
        code, run.wall, run.cpu, _ = _spawn(argv, env, log)
        text = log.read_text("utf-8", errors="replace")
        try:
            summary = json.loads(text[text.index("{") :])
        except ValueError:
            run.error = f"exit {code}: " + _tail(log)
            return run
        run.activities = summary["created"]
        if code != 0 or summary["status"] != "complete":
            run.error = f"exit {code}, status {summary['status']}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return run


def measure(folder: Path, expected: int, repeat: int) -> list[Run]:
    runs = []
    for _ in range(repeat):
        for jobs in (1, 2):
            print(f"  --jobs {jobs} ...", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(prefix="parity-bench-parallel-") as tmp:
                run = import_once(folder, jobs, Path(tmp))
            if not run.error and run.activities != expected:
                run.error = f"{run.activities} activities imported, the folder has {expected}"
            print(f"    {json.dumps(asdict(run))}", file=sys.stderr, flush=True)
            runs.append(run)
    return runs


def best(runs: Sequence[Run], jobs: int) -> Run | None:
    good = [run for run in runs if run.jobs == jobs and not run.error]
    return min(good, key=lambda run: run.wall) if good else None


def report(runs: Sequence[Run]) -> tuple[str, float | None]:
    lines = ["jobs  wall s  CPU s  activities/s (wall)  load 1/5/15 min", "-" * 64]
    for run in runs:
        if run.error:
            lines.append(f"{run.jobs:<4}  failed: {run.error}")
            continue
        load = "/".join(f"{value:.1f}" for value in run.load)
        rate = run.activities / run.wall
        lines.append(f"{run.jobs:<4}  {run.wall:6.1f}  {run.cpu:5.1f}  {rate:19,.0f}  {load}")
    one, two = best(runs, 1), best(runs, 2)
    ratio = one.wall / two.wall if one and two else None
    if ratio is not None:
        met = "yes" if ratio >= TARGET else "NO"
        lines.append(f"throughput, --jobs 2 / one process (best walls): {ratio:.2f}x "
                     f"(target >= {TARGET}x: {met})")  # fmt: skip
    return "\n".join(lines), ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.iati_parallel", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny files, for a smoke test")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--per-file", type=int, default=500, help="activities in each file")
    parser.add_argument("--repeat", type=int, default=1, help="alternating pairs of runs")
    args = parser.parse_args(argv)
    per_file = 20 if args.quick else args.per_file
    folder = folder_of(args.files, per_file)
    print(f"Parallel IATI import: {args.files} files of {per_file} activities", file=sys.stderr)
    runs = measure(folder, args.files * per_file, args.repeat)
    text, ratio = report(runs)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"folder": folder.name, "cpus": os.cpu_count(), "ratio": ratio,
               "runs": [asdict(run) for run in runs]}  # fmt: skip
    (OUT / "iati_parallel.json").write_text(json.dumps(results, indent=2), "utf-8")
    if any(run.error for run in runs):
        return 1
    # Tiny files measure process start-up, not imports: the quick run checks only that it works.
    return 0 if args.quick or (ratio is not None and ratio >= TARGET) else 1


if __name__ == "__main__":
    sys.exit(main())
