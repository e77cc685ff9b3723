"""The reader's hot modules run compiled by mypyc, and never from a stale build (setup.py)."""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import re
import shutil
import tomllib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import parity.iati
from parity.iati import MANIFEST, check_compiled

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(parity.iati.__file__).parent
HOT = ("fields", "transactions", "results", "activity", "reader", "rows")


def test_setup_compiles_the_hot_modules() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text())
    compiled = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "COMPILED"
    )
    assert ast.literal_eval(compiled) == HOT


@pytest.mark.parametrize("name", HOT)
def test_the_hot_modules_are_compiled(name: str) -> None:
    module = importlib.import_module(f"parity.iati.{name}")
    assert module.__file__ is not None
    assert module.__file__.endswith(".so"), f"{module.__file__}: run `make install`"


def test_notes_stay_a_python_list() -> None:
    from parity.iati.fields import Notes

    notes = Notes()
    assert isinstance(notes, list)
    assert notes.seen == set()
    assert Notes.__module__ == "parity.iati.notes"


def test_the_build_tools_are_the_locked_versions() -> None:
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    pinned = dict(req.split("==") for req in requires if "==" in req)
    assert set(pinned) == {"mypy", "types-lxml"}
    lock = (ROOT / "requirements.lock").read_text()
    for name, version in pinned.items():
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)}$", lock, re.M), name


def _built(folder: Path, name: str) -> Path:
    """A copy of a real source and a stand-in for its compiled module, as a build leaves them."""
    source = folder / f"{name}.py"
    shutil.copy(PACKAGE / f"{name}.py", source)
    (folder / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    return source


def _record(folder: Path, *names: str) -> None:
    digests = {n: hashlib.sha256((folder / f"{n}.py").read_bytes()).hexdigest() for n in names}
    (folder / MANIFEST).write_text(json.dumps(digests))


def test_the_guard_accepts_a_build_of_the_current_sources(tmp_path: Path) -> None:
    _built(tmp_path, "fields")
    _built(tmp_path, "reader")
    _record(tmp_path, "fields", "reader")
    check_compiled(tmp_path)


def test_the_guard_refuses_a_source_changed_after_the_build(tmp_path: Path) -> None:
    _built(tmp_path, "fields")
    source = _built(tmp_path, "reader")
    _record(tmp_path, "fields", "reader")
    source.write_text(source.read_text() + "\n# edited\n")
    with pytest.raises(ImportError, match=r"reader\.py has changed.*make install"):
        check_compiled(tmp_path)


def test_the_guard_refuses_a_compiled_module_with_no_record(tmp_path: Path) -> None:
    _built(tmp_path, "fields")
    with pytest.raises(ImportError, match=r"fields\.py has changed.*make install"):
        check_compiled(tmp_path)


def test_sources_with_nothing_compiled_run_as_they_are(tmp_path: Path) -> None:
    for name in HOT:
        shutil.copy(PACKAGE / f"{name}.py", tmp_path)
    check_compiled(tmp_path)
