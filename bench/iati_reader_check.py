"""Check that a change to the IATI reader leaves its output as it was.

Before changing ``parity.iati`` for speed, save what the reader yields for every real file of
``../shared/iati/real/`` and the benchmark portfolio; after the change, compare::

    .venv/bin/python -m bench.iati_reader_check save /tmp/reader-before
    # ... change the reader ...
    .venv/bin/python -m bench.iati_reader_check compare /tmp/reader-before

Each file's items (activities and rejections, in order) and the file error that ended the
reading, if any, are pickled. Compare asks for equal items (``==``), equal ``repr`` (which also
tells ``Decimal('1.50')`` from ``Decimal('1.5')``), equal data notes and an equal error, and
prints the first difference of each file that differs; it exits non-zero when one does.
Not part of ``make bench``: it measures no time, and its folder is the caller's.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from bench.iati_files import OUT
from parity.iati.errors import IATIFileError
from parity.iati.model import Activity, RejectedActivity
from parity.iati.reader import read_activities

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "iati" / "real"
PORTFOLIO = OUT / "portfolio-10000-s0.xml"  # written by bench.iati_import (bench/iati_files.py)

Items = list[Activity | RejectedActivity]


def default_files() -> list[Path]:
    files = sorted(REAL.rglob("*.xml"))
    return [*files, PORTFOLIO] if PORTFOLIO.exists() else files


def read(path: Path) -> tuple[Items, tuple[str, str] | None]:
    items: Items = []
    try:
        items.extend(read_activities(path))
    except IATIFileError as exc:
        return items, (type(exc).__name__, str(exc))
    return items, None


def _saved(folder: Path, path: Path) -> Path:
    return folder / f"{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]}.pickle"


def save(folder: Path, files: Sequence[Path]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        _saved(folder, path).write_bytes(pickle.dumps(read(path)))
    print(f"saved the reader's output for {len(files)} files in {folder}")
    return 0


def compare(folder: Path, files: Sequence[Path]) -> int:
    differ = 0
    for path in files:
        # Only files this tool saved itself are unpickled (the caller's own folder).
        before_items, before_error = pickle.loads(_saved(folder, path).read_bytes())
        items, error = read(path)
        if error != before_error:
            differ += 1
            print(f"{path}: error {error} (before: {before_error})")
        elif len(items) != len(before_items):
            differ += 1
            print(f"{path}: {len(items)} items (before: {len(before_items)})")
        else:
            for new, old in zip(items, before_items, strict=True):
                notes = getattr(new, "notes", None), getattr(old, "notes", None)
                if new != old or repr(new) != repr(old) or notes[0] != notes[1]:
                    differ += 1
                    print(f"{path}: first difference\n  now:    {new!r}\n  before: {old!r}")
                    break
    print(f"compared {len(files)} files: {differ} differ")
    return 1 if differ else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("save", "compare"))
    parser.add_argument("folder", type=Path, help="where the output is saved")
    parser.add_argument("files", nargs="*", type=Path, help="default: real files and portfolio")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    return (save if args.mode == "save" else compare)(args.folder, files)


if __name__ == "__main__":
    sys.exit(main())
