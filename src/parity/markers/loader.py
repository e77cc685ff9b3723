"""Finding and reading scheme files: the ones shipped in ``schemes/`` or any file by path."""

from __future__ import annotations

import json
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from parity.markers.errors import MarkerError, SchemeError
from parity.markers.scheme import Scheme, parse_scheme

SUFFIXES = (".json", ".toml")


def _bundled_dir() -> Traversable:
    return files("parity.markers").joinpath("schemes")


def available_schemes() -> list[str]:
    """Ids of the schemes shipped with Parity, sorted."""
    return sorted(
        entry.name.rsplit(".", 1)[0]
        for entry in _bundled_dir().iterdir()
        if entry.name.endswith(SUFFIXES)
    )


def load_scheme(path_or_id: str | Path) -> Scheme:
    """Load a shipped scheme by id (``"oecd-dac-gender"``) or any scheme file by path.

    A string counts as a path when it has a file suffix or a directory part, so ids never need
    escaping and a scheme file kept outside the package (a new donor's scheme) just works.
    """
    if isinstance(path_or_id, Path) or Path(path_or_id).suffix or "/" in path_or_id:
        path = Path(path_or_id)
        if not path.is_file():
            raise MarkerError(f"no scheme file at {path}")
        return _parse(path.read_bytes(), path.name, str(path))
    for suffix in SUFFIXES:
        entry = _bundled_dir().joinpath(path_or_id + suffix)
        if entry.is_file():
            source = f"schemes/{entry.name}"
            scheme = _parse(entry.read_bytes(), entry.name, source)
            # The file name is the id users type; a mismatch would make the scheme unreachable.
            if scheme.id != path_or_id:
                raise SchemeError(source, "id", f"{scheme.id!r} differs from the file name")
            return scheme
    known = ", ".join(available_schemes())
    raise MarkerError(f"unknown marker scheme {path_or_id!r} (available: {known})")


def _parse(content: bytes, name: str, source: str) -> Scheme:
    try:
        if name.endswith(".toml"):
            data: object = tomllib.loads(content.decode("utf-8"))
        else:
            data = json.loads(content)
    except ValueError as error:
        # Decode, JSON and TOML errors are all ValueErrors; their text gives line and column.
        raise SchemeError(source, "(file)", f"cannot be parsed: {error}") from None
    return parse_scheme(data, source)
