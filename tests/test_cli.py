"""The `parity` command: a clear message, not a traceback, on an insecure production setup."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest


def run_parity(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parity", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    done = run_parity("check", env={"PARITY_PROFILE": "production", "SECRET_KEY": ""})
    assert done.returncode == 2
    assert "Refusing to start in the production profile" in done.stderr
    assert "SECRET_KEY" in done.stderr
    assert "Traceback" not in done.stderr


def test_it_passes_djangos_deployment_checks_in_the_production_profile(tmp_path) -> None:
    env = {
        "PARITY_PROFILE": "production",
        "SECRET_KEY": "k" * 64 + "-not-a-real-secret-only-for-this-test",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "parity.example.org",
        "PARITY_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parity.sqlite3'}",
        "PARITY_PROTECTION_KEYS": "t1:" + base64.b64encode(os.urandom(32)).decode(),
    }
    done = run_parity("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "command", ["import-iati", "export-iati", "refresh-figures", "audit-verify"]
)
def test_commands_are_spelt_with_dashes(command: str) -> None:
    done = run_parity("help", command, env={})
    assert done.returncode == 0, done.stderr
    assert "usage: parity" in done.stdout


def test_a_command_that_finds_no_database_says_so_and_creates_none(tmp_path) -> None:
    env = {"PARITY_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = run_parity("stats", env=env)
    assert done.returncode == 1
    assert f"No database at {tmp_path / 'parity.sqlite3'}" in done.stderr
    assert "parity migrate" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "parity.sqlite3").exists()
    assert run_parity("stats", "--help", env=env).returncode == 0  # help needs no data


def test_export_iati_with_an_organisation_that_matches_nothing_exits_1(tmp_path) -> None:
    env = {"PARITY_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert run_parity("migrate", "--verbosity", "0", env=env).returncode == 0
    out = tmp_path / "out.xml"
    done = run_parity("export-iati", "--reporting-org", "XM-NOBODY", "-o", str(out), env=env)
    assert done.returncode == 1
    assert "No organisation has the reference 'XM-NOBODY'" in done.stderr
    assert not out.exists()
