"""Build Parity with its hot IATI modules (reader, rows) compiled by mypyc (docs/architecture.md).

Everything else comes from pyproject.toml. After the extensions are built, the SHA-256 of each
compiled module's source, as it was read for the build, goes into ``parity/iati/_compiled.json``
(generated, not committed); ``parity.iati`` refuses to import a compiled module whose source
has changed since (run ``make install``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mypyc.build import mypycify
from setuptools import setup
from setuptools.command.build_ext import build_ext

PACKAGE = "parity.iati"
SOURCE = Path("src/parity/iati")
MANIFEST = "_compiled.json"
# The modules the reader and the loader spend their time in (tests/iati/test_compiled_modules.py
# lists them too).
COMPILED = ("fields", "transactions", "results", "activity", "reader", "rows")

# Hashed before mypyc reads the sources: a file edited during the build then fails the check.
SOURCES = {
    name: hashlib.sha256((SOURCE / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED
}


class BuildExt(build_ext):
    """Builds the extensions, then records the sources they were built from beside them."""

    def run(self) -> None:
        super().run()
        in_source = self.inplace or getattr(self, "editable_mode", False)
        build_py = self.get_finalized_command("build_py")
        folder = Path(build_py.get_package_dir(PACKAGE) if in_source else self.build_lib)
        if not in_source:
            folder = folder.joinpath(*PACKAGE.split("."))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).write_text(json.dumps(SOURCES, indent=1, sort_keys=True) + "\n")


setup(
    ext_modules=mypycify([str(SOURCE / f"{name}.py") for name in COMPILED], opt_level="3"),
    cmdclass={"build_ext": BuildExt},
)
