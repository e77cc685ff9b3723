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


def test_the_architecture_map_names_every_app_and_pure_package() -> None:
    from django.conf import settings

    from tests.test_boundaries import PURE_INSIDE_APPS, SRC, pure_packages

    architecture = (ROOT / "docs" / "architecture.md").read_text()
    apps = {app.removeprefix("parity.") for app in settings.INSTALLED_APPS if "parity." in app}
    named = {f"`{app}`" for app in apps} | {f"`{pkg}`" for pkg in pure_packages(SRC, "parity")}
    named |= {f"`{pkg}`" for pkg in PURE_INSIDE_APPS}
    missing = sorted(name for name in named if name not in architecture)
    assert not missing, f"docs/architecture.md does not name {missing}"
