"""Pure IATI support: the activity data model, reading, writing and codelists (no Django).

The reader's hot modules may be compiled by mypyc (setup.py, docs/architecture.md). Python
imports a compiled module before its source, so an edited source would silently not run:
importing this package fails instead, until ``make install`` has built them again.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

MANIFEST = "_compiled.json"  # written by setup.py after a build: {module: SHA-256 of its source}


def check_compiled(folder: Path) -> None:
    """Raise ImportError if a module compiled in ``folder`` has a source that changed since."""
    recorded: dict[str, str] | None = None
    for entry in os.listdir(folder):
        suffix = next((s for s in EXTENSION_SUFFIXES if entry.endswith(s)), None)
        if suffix is None:
            continue
        source = folder / f"{entry.removesuffix(suffix)}.py"
        if not source.exists():
            continue
        if recorded is None:
            try:
                recorded = json.loads((folder / MANIFEST).read_text())
            except FileNotFoundError:
                recorded = {}
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if recorded.get(source.stem) != digest:
            raise ImportError(
                f"{source} has changed since {entry} was compiled from it: run `make install` "
                f"to compile it again (or delete {entry} to run the Python source)"
            )


check_compiled(Path(__file__).parent)
