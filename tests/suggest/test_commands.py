"""The suggestion commands are spelt with dashes, as the other commands are."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.parametrize(
    "command", ["train-marker-model", "suggest-markers", "evaluate-marker-model"]
)
def test_commands_are_spelt_with_dashes(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parity", "help", command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"usage: parity {command.replace('-', '_')}" in done.stdout
    assert "--json" in done.stdout


@pytest.mark.django_db
def test_evaluation_prints_the_models_margin_per_seed(screened) -> None:
    out = StringIO()
    call_command("evaluate_marker_model", "--seeds", "2", stdout=out)
    text = out.getvalue()
    assert "target marker, 2 grouped splits" in text
    line = next(x for x in text.splitlines() if "minus plain TF-IDF" in x)
    assert "macro_f1" in line
    assert line.split("per seed ")[1].count(", ") == 1  # one margin per seed
