"""The suggestion commands are spelt with dashes, as the other commands are."""

from __future__ import annotations

import subprocess
import sys

import pytest


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
