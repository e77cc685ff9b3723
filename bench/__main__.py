"""Run the benchmarks: ``python -m bench [--only NAME] [--quick]`` (``make bench``).

Each benchmark runs as ``python -m bench.NAME`` in a process of its own (each sets up Django
on a throwaway database of its own, which one process can do only once); ``--quick`` gives
each its small sizes, as a smoke test. A benchmark that fails, or misses a target it checks,
exits non-zero and fails the run. Adding one is a line in ``MODULES``. The load tests
(``bench.load``, ``bench.load_mixed``) are not among them: they need PostgreSQL and run on
their own (docs/performance.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence

# name: the arguments of its quick run
MODULES = {
    "iati_import": ["--quick"],
    "iati_parallel": ["--quick"],  # --jobs 2 against one process, PostgreSQL
    "portfolio": ["--activities", "10000", "--repeat", "3"],  # its deepest page is 40
    "pledge_page": ["--transactions", "10000", "--runs", "3", "--cold-runs", "1"],
    "dashboard": ["--activities", "1000", "--per-activity", "2", "--runs", "3"],
    "protection_cases": ["--cases", "1000", "--runs", "3"],
    "crs_import": ["--quick"],
    "crs_dashboard": ["--quick"],  # the dashboard over CRS rows and the portfolio, PostgreSQL
    "suggest_markers": ["--train-rows", "3000", "--activities", "3000"],
}


def run_module(name: str, quick: bool) -> int:
    command = [sys.executable, "-m", f"bench.{name}", *(MODULES[name] if quick else [])]
    return subprocess.run(command, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=MODULES, action="append", help="run only this one")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args(argv)
    failed = []
    for name in args.only or MODULES:
        print(f"== bench.{name}", flush=True)
        if run_module(name, args.quick) != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
