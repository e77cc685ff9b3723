"""The versioned model file: written whole, read back, and refused when it is of another kind."""

from __future__ import annotations

import json

import pytest

from parity.suggest import SuggestError, modelfile
from parity.suggest.train import describe

TRAINED_ON = [{"source": "housing", "rows": 2984, "focused": 1694, "markers": {}}]


def test_it_round_trips_with_its_description(tmp_path, housing_model, housing) -> None:
    path = tmp_path / "models" / modelfile.FILE_NAME
    written = modelfile.save(housing_model, path, [describe("housing", housing)])
    model, header = modelfile.load(path)
    subjects = [row.subject for row in housing[:50]]
    assert (model.predict_proba(subjects) == housing_model.predict_proba(subjects)).all()
    assert header == written
    assert header["version"] == modelfile.VERSION
    assert header["trained_on"][0]["markers"] == {"0": 1290, "1": 1415, "2": 279}
    assert header["classes"] == [0, 1, 2]
    assert header["languages"]["en"] > 1000
    assert 0.5 < header["cross_validated"]["macro_f1"] < 1
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_a_missing_file_names_the_command_that_makes_one(tmp_path) -> None:
    with pytest.raises(SuggestError, match=r"no marker model at .*parity train-marker-model"):
        modelfile.load(tmp_path / "none.bin")


def test_a_file_of_another_version_is_refused_before_unpickling(tmp_path) -> None:
    path = tmp_path / "old.bin"
    header = {"format": modelfile.FORMAT, "version": 0, "scikit_learn": "0.1"}
    path.write_bytes(json.dumps(header).encode() + b"\nnot a pickle at all")
    expected = f"format version 0; this Parity reads version {modelfile.VERSION}"
    with pytest.raises(SuggestError, match=expected):
        modelfile.load(path)


def test_a_file_of_another_scikit_learn_is_refused(tmp_path, housing_model) -> None:
    path = tmp_path / "m.bin"
    modelfile.save(housing_model, path, TRAINED_ON)
    first, rest = path.read_bytes().split(b"\n", 1)
    header = {**json.loads(first), "scikit_learn": "0.0.1"}
    path.write_bytes(json.dumps(header).encode() + b"\n" + rest)
    with pytest.raises(SuggestError, match=r"written with scikit-learn 0\.0\.1"):
        modelfile.load(path)


def test_another_kind_of_file_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.bin"
    path.write_text("hello\n")
    with pytest.raises(SuggestError, match="not a Parity marker model file"):
        modelfile.load(path)
