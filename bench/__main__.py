"""Run the benchmarks: ``python -m bench [--only NAME] [--quick]`` (``make bench``).

Each module named in ``MODULES`` has a ``run(*, quick: bool = False)`` function; adding a
benchmark is one line here. ``--quick`` runs tiny sizes, as a smoke test.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

MODULES = ("iati_import", "protection_cases")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=MODULES, action="append", help="run only this one")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    args = parser.parse_args(argv)
    failed = []
    for name in args.only or MODULES:
        print(f"== bench.{name}", flush=True)
        results = importlib.import_module(f"bench.{name}").run(quick=args.quick)
        # A run() may return measurements with an ``error``; any error fails the whole run.
        if any(getattr(item, "error", "") for item in results or ()):
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
