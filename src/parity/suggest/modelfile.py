"""The model file: one JSON header line (format, version, what the model was trained on, its
cross-validated figures), then the pickled model.

The header is read first, so a file of another format version, or one written by another
scikit-learn, is refused with a message before any of it is unpickled. A pickle runs code when
loaded: load only model files this Parity wrote into its own data folder.
"""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sklearn

from parity.suggest.errors import SuggestError
from parity.suggest.model import MarkerModel

FORMAT = "parity-marker-model"
VERSION = 4
FILE_NAME = f"marker-model-v{VERSION}.bin"
RETRAIN = "train a new one with: parity train-marker-model"


def default_path(data_dir: Path) -> Path:
    return data_dir / "models" / FILE_NAME


def header_for(model: MarkerModel, trained_on: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scikit_learn": sklearn.__version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "target": model.target,
        "classes": [int(c) for c in model.classes],
        "trained_on": trained_on,
        "rows": sum(source["rows"] for source in trained_on),
        "codes": list(model.features.kinds),
        "languages": {code or "unclear": n for code, n in sorted(model.languages.items())},
        "cross_validated": {k: round(v, 4) for k, v in model.cross_validated.items()},
    }


def save(model: MarkerModel, path: Path, trained_on: list[dict[str, Any]]) -> dict[str, Any]:
    """Write atomically (a reader never sees half a file); returns the header written."""
    header = header_for(model, trained_on)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".marker-model-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
            pickle.dump(model, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return header


def read_header(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise SuggestError(f"no marker model at {path}: {RETRAIN}")
    with path.open("rb") as source:
        first = source.readline(1_000_000)
    try:
        header = json.loads(first)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SuggestError(f"{path} is not a Parity marker model file: {RETRAIN}")
    if header.get("version") != VERSION:
        raise SuggestError(
            f"{path} is a marker model of format version {header.get('version')}; this Parity "
            f"reads version {VERSION}: {RETRAIN}"
        )
    if header.get("scikit_learn") != sklearn.__version__:
        raise SuggestError(
            f"{path} was written with scikit-learn {header.get('scikit_learn')}, this Parity runs "
            f"{sklearn.__version__}: {RETRAIN}"
        )
    return header


def load(path: Path) -> tuple[MarkerModel, dict[str, Any]]:
    header = read_header(path)
    with path.open("rb") as source:
        source.readline(1_000_000)
        model = pickle.load(source)
    if not isinstance(model, MarkerModel):
        raise SuggestError(f"{path} holds no marker model: {RETRAIN}")
    return model, header
