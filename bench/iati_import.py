"""Benchmark: reading and importing large IATI files, against the XML parser's own speed.

    .venv/bin/python -m bench.iati_import [--quick] [--steps baseline,reader,sqlite,postgres]
        [--sizes ACTIVITIES,TRANSACTIONS] [--repeat 3]

On each file (portfolios of 10,000 and 100,000 activities, and one activity with 300,000
transactions; see ``iati_files.py``) it times, each step in a fresh process so that the peak
memory is that process's own ``ru_maxrss``:

(a) ``baseline``: lxml iterparse counting activities and clearing each one: the floor;
(b) ``reader``: ``parity.iati.reader.read_activities`` alone;
(c) ``sqlite``: ``parity import-iati FILE --json`` into a throwaway SQLite database;
(d) ``postgres``: the same into a throwaway PostgreSQL database (``parity_bench``).

Times are wall and CPU (user + system); for portfolios it also projects the CPU minutes a
million activities would take at the measured rate. Other processes on the machine slow the
wall clock more than the CPU time, so ratios to (a) are given on CPU time, with the wall ratio
beside it.
(a) and (b) time their loop from inside the process; (c) and (d) are timed from outside,
so they include starting Django (about a second). (a) and (b) run three times each, alternately,
and count by their medians (``--repeat``). A run at the standard or given sizes exits non-zero
when a target is missed (not ``--quick``). Results go to ``bench/out/iati_import.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.iati_files import OUT, BenchFile, huge_file, portfolio_file

STEPS = ("baseline", "reader", "sqlite", "postgres")
IN_PROCESS = ("baseline", "reader")  # timed inside a process of their own, repeatable in seconds
LABELS = {"baseline": "(a) baseline", "reader": "(b) reader", "sqlite": "(c) import SQLite",
          "postgres": "(d) import PostgreSQL"}  # fmt: skip
# Targets of issue 16: time as a multiple of the baseline (portfolios only), peak memory. The
# first IATI issue's 1.7x / 4x / 5x stay the long-term goal (docs/performance.md).
TIME_TARGETS = {"reader": 2.5, "sqlite": 10.0, "postgres": 12.0}
MEMORY_TARGETS_MB = {"portfolio": 300, "huge": 500}
SIZES = {"full": (100_000, 300_000), "quick": (40, 2_000)}
# A full run measures this portfolio first (the side-by-side file), then the full one.
LEAD_PORTFOLIO = 10_000
MILLION = 1_000_000
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measurement:
    file: str
    kind: str  # "portfolio" or "huge"
    step: str
    megabytes: float
    activities: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss_mb: float = 0.0
    error: str = ""
    ratio_cpu: float | None = None  # to (a) on the same file
    ratio_wall: float | None = None
    target: str = ""
    met: bool | None = None
    cpu_runs: list[float] = field(default_factory=list)  # every run of a repeated step

    @property
    def activities_per_s(self) -> float:
        return self.activities / self.wall if self.wall else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.wall if self.wall else 0.0

    @property
    def million_cpu_minutes(self) -> float | None:
        """CPU minutes a million activities would take at this step's measured throughput."""
        if self.kind != "portfolio" or not self.activities or self.error:
            return None
        return self.cpu / self.activities * MILLION / 60


# -- the steps, each run in its own process ------------------------------------------------------


def _count_baseline(path: str) -> int:
    """What any streaming reader must at least do: parse, see each activity, free it."""
    from lxml import etree

    count = 0
    # The reader's own parser options, so the floor is the same parse.
    for _, el in etree.iterparse(
        path,
        events=("end",),
        tag="iati-activity",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    ):
        count += 1
        el.clear()
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
    return count


def _count_reader(path: str) -> int:
    from parity.iati.model import Activity
    from parity.iati.reader import read_activities

    return sum(1 for item in read_activities(path) if isinstance(item, Activity))


def _worker(step: str, path: str) -> None:
    """Run one in-process step and print its figures as JSON (the parent reads them)."""
    count = {"baseline": _count_baseline, "reader": _count_reader}[step]
    # Imports are not part of the reading time.
    import lxml.etree  # noqa: F401

    if step == "reader":
        import parity.iati.reader  # noqa: F401
    wall, cpu = time.perf_counter(), time.process_time()
    activities = count(path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"activities": activities, "wall": wall, "cpu": cpu, "peak_rss_mb": peak}))


def _spawn(argv: Sequence[str], env: dict[str, str], log: Path) -> tuple[int, float, float, float]:
    """Run ``argv`` to completion; (exit code, wall s, CPU s, peak RSS MB) of that process."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        # wait4 returns the child's own resource usage (CPU, and ru_maxrss: its peak memory).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _parity() -> str:
    return str(Path(sys.executable).with_name("parity"))


def _in_process(step: str, bench: BenchFile, m: Measurement, work: Path) -> None:
    log = work / f"{step}.log"
    argv = [sys.executable, "-m", "bench.iati_import", "--worker", step, str(bench.path)]
    code, _, _, peak = _spawn(argv, dict(os.environ), log)
    if code != 0:
        m.error = _tail(log)
        return
    figures = json.loads(log.read_text("utf-8").strip().splitlines()[-1])
    m.activities, m.wall, m.cpu = figures["activities"], figures["wall"], figures["cpu"]
    m.peak_rss_mb = max(peak, figures["peak_rss_mb"])


def _import(bench: BenchFile, m: Measurement, env: dict[str, str], work: Path) -> None:
    code, _, _, _ = _spawn([_parity(), "migrate", "--no-input"], env, work / "migrate.log")
    if code != 0:
        m.error = "migrate failed: " + _tail(work / "migrate.log")
        return
    log = work / f"{m.step}.log"
    code, m.wall, m.cpu, m.peak_rss_mb = _spawn(
        [_parity(), "import-iati", str(bench.path), "--json"], env, log
    )
    text = log.read_text("utf-8", errors="replace")
    try:
        summary = json.loads(text[text.index("{") :])
    except ValueError:
        m.error = f"exit {code}: " + _tail(log)
        return
    m.activities = summary["created"] + summary["updated"] + summary["unchanged"]
    if code != 0 or summary["status"] != "complete" or summary["rejected"]:
        m.error = f"exit {code}, status {summary['status']}, {summary['rejected']} rejected"


def _sqlite(bench: BenchFile, m: Measurement, work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PARITY_DATA_DIR"] = str(work / "data")
    _import(bench, m, env, work)


def _postgres(bench: BenchFile, m: Measurement, work: Path, database: str) -> None:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency of the project
        m.error = "psycopg is not installed"
        return
    admin = f"{POSTGRES_SERVER}/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
            conn.execute(f'CREATE DATABASE "{database}"')
    except psycopg.Error as exc:
        m.error = f"PostgreSQL unavailable: {exc}".strip()
        return
    try:
        env = {**os.environ, "DATABASE_URL": f"{POSTGRES_SERVER}/{database}"}
        env["PARITY_DATA_DIR"] = str(work / "data")
        _import(bench, m, env, work)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _tail(log: Path, lines: int = 5) -> str:
    return " | ".join(log.read_text("utf-8", errors="replace").strip().splitlines()[-lines:])


# -- running and reporting ----------------------------------------------------------------------


def measure(
    files: Sequence[BenchFile],
    steps: Sequence[str],
    database: str = "parity_bench",
    repeat: int = 1,
) -> list[Measurement]:
    """Each step on each file. (a) and (b) run ``repeat`` times, alternately, and count by
    their median CPU time: the floor alone moves by a fifth from one run to the next on a quiet
    machine, and every ratio is taken to it."""
    results = []
    for bench in files:
        runs: dict[str, list[Measurement]] = {}
        for _ in range(repeat):
            for step in (step for step in steps if step in IN_PROCESS):
                runs.setdefault(step, []).append(_measure_step(bench, step, database))
        rows = {
            step: _median(runs[step]) if step in runs else _measure_step(bench, step, database)
            for step in steps
        }
        _judge(rows)
        results += rows.values()
    return results


def _measure_step(bench: BenchFile, step: str, database: str) -> Measurement:
    m = Measurement(bench.path.name, bench.kind, step, round(bench.megabytes, 1))
    print(f"  {bench.path.name}: {LABELS[step]} ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix=f"parity-bench-{step}-") as tmp:
        work = Path(tmp)
        if step in IN_PROCESS:
            _in_process(step, bench, m, work)
        elif step == "sqlite":
            _sqlite(bench, m, work)
        else:
            _postgres(bench, m, work, database)
    if not m.error and m.activities != bench.activities:
        m.error = f"{m.activities} activities read, the file has {bench.activities}"
    # Each figure as soon as it is known: a long run stopped early keeps what it measured.
    print(f"    {json.dumps(asdict(m))}", file=sys.stderr, flush=True)
    return m


def _median(runs: list[Measurement]) -> Measurement:
    """The run of median CPU time (the first failed one, if any failed), with every run's CPU."""
    failed = [m for m in runs if m.error]
    chosen = failed[0] if failed else sorted(runs, key=lambda m: m.cpu)[len(runs) // 2]
    chosen.cpu_runs = [m.cpu for m in runs]
    chosen.peak_rss_mb = max(m.peak_rss_mb for m in runs)
    return chosen


def _judge(rows: dict[str, Measurement]) -> None:
    base = rows.get("baseline")
    for m in rows.values():
        if base and not base.error and not m.error and base.cpu and base.wall:
            m.ratio_cpu, m.ratio_wall = m.cpu / base.cpu, m.wall / base.wall
        if m.step == "baseline":
            continue
        memory = MEMORY_TARGETS_MB[m.kind]
        limit = TIME_TARGETS[m.step] if m.kind == "portfolio" else None
        m.target = (f"<={limit}x, " if limit else "") + f"<{memory} MB"
        if m.error:
            m.met = False
            continue
        m.met = m.peak_rss_mb < memory
        if limit is not None:
            m.met = m.met and m.ratio_cpu is not None and m.ratio_cpu <= limit


def table(results: Sequence[Measurement]) -> str:
    head = ("file", "step", "wall s", "CPU s", "act/s", "MB/s", "x (a) CPU", "x (a) wall",
            "peak MB", "1M act. CPU min", "target", "met?")  # fmt: skip
    rows = [head]
    for m in results:
        met = "" if m.met is None else "yes" if m.met else "NO"
        if m.error:
            rows.append((m.file, LABELS[m.step], "-", "-", "-", "-", "-", "-", "-", "-", m.target,
                         f"{met}: {m.error}"[:120]))  # fmt: skip
            continue
        rows.append((
            m.file, LABELS[m.step], f"{m.wall:.1f}", f"{m.cpu:.1f}", f"{m.activities_per_s:,.0f}",
            f"{m.mb_per_s:.1f}", _ratio(m.ratio_cpu), _ratio(m.ratio_wall),
            f"{m.peak_rss_mb:.0f}", _minutes(m.million_cpu_minutes), m.target, met,
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _minutes(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def write_json(results: Sequence[Measurement], out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    rows = [
        {
            **asdict(m),
            "activities_per_s": m.activities_per_s,
            "mb_per_s": m.mb_per_s,
            "million_cpu_minutes": m.million_cpu_minutes,
        }
        for m in results
    ]
    meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "time": time.time()}
    path.write_text(json.dumps({"machine": meta, "results": rows}, indent=2), "utf-8")
    return path


def run(
    *,
    quick: bool = False,
    steps: Sequence[str] = STEPS,
    out: Path = OUT,
    sizes: tuple[int, int] | None = None,
    database: str | None = None,
    repeat: int | None = None,
) -> list[Measurement]:
    """Generate the files if needed, measure every step on both, print the table.

    ``sizes`` is (activities in the portfolio, transactions in the huge activity); a size of 0
    leaves that file out. A full run without ``sizes`` measures the 10,000-activity portfolio
    before the full one. ``repeat``: runs of (a) and (b) per file (default 3, quick 1).
    """
    n_activities, n_transactions = sizes or SIZES["quick" if quick else "full"]
    folder = out / "quick" if quick else out
    print(f"IATI import benchmark ({'quick' if quick else 'full'} size)", file=sys.stderr)
    portfolios = [LEAD_PORTFOLIO] if not (quick or sizes) else []
    portfolios += [n_activities] if n_activities else []
    files = [portfolio_file(n, out=folder) for n in portfolios]
    files += [huge_file(n_transactions, out=folder)] if n_transactions else []
    database = database or ("parity_bench_quick" if quick else "parity_bench")
    repeat = repeat or (1 if quick else 3)
    results = measure(files, steps, database, repeat)
    if repeat > 1:
        print(f"(a) and (b): the median of {repeat} alternate runs", file=sys.stderr)
    print(table(results))
    name = "iati_import.json"
    if tuple(steps) != STEPS or sizes:
        name = f"iati_import-{'-'.join(steps)}-{n_activities}-{n_transactions}.json"
    written = write_json(results, folder, name)
    print(f"results: {written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.iati_import", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny files, for a smoke test")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for files and results")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        help="ACTIVITIES,TRANSACTIONS instead of the standard sizes (0 leaves a file out)",
    )
    parser.add_argument(
        "--database", help="PostgreSQL database to create and drop (default parity_bench)"
    )
    parser.add_argument(
        "--repeat", type=int, help="runs of (a) and (b) per file, alternately (default 3)"
    )
    parser.add_argument("--worker", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(*args.worker)
        return 0
    steps = [step for step in args.steps.split(",") if step]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}; choose from {', '.join(STEPS)}")
    results = run(
        quick=args.quick,
        steps=steps,
        out=args.out,
        sizes=args.sizes,
        database=args.database,
        repeat=args.repeat,
    )
    # Tiny files measure start-up, not throughput: a quick run checks only that it works.
    missed = not args.quick and any(m.met is False for m in results)
    return 1 if missed or any(m.error for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
