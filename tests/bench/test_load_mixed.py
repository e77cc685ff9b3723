"""The mixed load test serves a configuration the production profile accepts (the run itself
needs PostgreSQL, Redis and minutes: docs/performance.md)."""

from __future__ import annotations

from pathlib import Path

from bench.load_mixed import production_env

from parity.config import load_config


def test_the_mixed_load_test_starts_a_valid_production_profile(tmp_path: Path) -> None:
    env = production_env("postgres://postgres@127.0.0.1:5432/x", str(tmp_path), "queue")
    config = load_config(env)
    assert config.profile == "production"
    assert not config.debug
    assert config.allowed_hosts == ("127.0.0.1",)
    assert production_env("postgres://x", str(tmp_path), "q")["SECRET_KEY"] != env["SECRET_KEY"]
