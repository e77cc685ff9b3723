"""docs/suggestions.md stays true to the code: commands, their options, the model file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import load_command_class

from parity.suggest import modelfile

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "suggestions.md"
COMMANDS = ["train_marker_model", "suggest_markers", "evaluate_marker_model"]
DJANGO_OPTIONS = {
    "--help",
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name: str) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"parity {name.replace('_', '-')}" in text
    parser = load_command_class("parity.mainstreaming", name).create_parser("parity", name)
    for action in parser._actions:
        long = next((s for s in action.option_strings if s.startswith("--")), "")
        if long and long not in DJANGO_OPTIONS:
            assert long in text, f"{name}: {long} is not in docs/suggestions.md"


def test_the_model_file_name_is_the_one_documented() -> None:
    assert modelfile.FILE_NAME in GUIDE.read_text(encoding="utf-8")
