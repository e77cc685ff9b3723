"""Docs that tests keep honest: every environment setting Parity reads is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTING = re.compile(
    r"""(?:env|environ)(?:\.get)?[\[(]\s*["']((?:PARITY_|DATABASE_|SECRET_|DEBUG|ALLOWED_)[A-Z_]*)["']"""
)


def settings_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "parity").rglob("*.py"):
        found.update(SETTING.findall(path.read_text()))
    return found


def test_every_environment_setting_is_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text()
    read = settings_read_by_the_code()
    assert {"DATABASE_URL", "SECRET_KEY", "PARITY_PROFILE"} <= read
    missing = sorted(name for name in read if f"`{name}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_the_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
