"""The configuration rules, tested without Django: safe local defaults, strict production."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from parity.config import DEVELOPMENT_SECRET_KEY, ConfigError, load_config

GOOD_PRODUCTION = {
    "PARITY_PROFILE": "production",
    "SECRET_KEY": "x" * 50,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "parity.example.org",
    "DATABASE_URL": "postgres://parity@db/parity",
    # A throwaway survivors'-data key, made fresh for each run (never a committed key).
    "PARITY_PROTECTION_KEYS": "t1:" + base64.b64encode(os.urandom(32)).decode(),
}


def test_it_defaults_to_sqlite_in_var_for_local_use(tmp_path: Path) -> None:
    config = load_config({}, project=tmp_path)
    assert config.profile == "development"
    assert config.database_url == f"sqlite:///{tmp_path.resolve() / 'var' / 'parity.sqlite3'}"
    assert config.debug is True
    assert config.secret_key == DEVELOPMENT_SECRET_KEY
    assert "127.0.0.1" in config.allowed_hosts


def test_it_accepts_a_safe_production_configuration(tmp_path: Path) -> None:
    config = load_config(GOOD_PRODUCTION, project=tmp_path)
    assert config.debug is False
    assert config.allowed_hosts == ("parity.example.org",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": DEVELOPMENT_SECRET_KEY}, "development key"),
        ({"SECRET_KEY": "short"}, "shorter than 32"),
        ({"DEBUG": "1"}, "DEBUG is on"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS allows any host"),
        ({"ALLOWED_HOSTS": "parity.example.org, *"}, "ALLOWED_HOSTS allows any host"),
        ({"DATABASE_URL": ""}, "DATABASE_URL is missing"),
    ],
)
def test_it_refuses_an_insecure_production_configuration(
    tmp_path: Path, change: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({**GOOD_PRODUCTION, **change}, project=tmp_path)


def test_it_lists_every_production_problem_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config({"PARITY_PROFILE": "production", "DEBUG": "yes"}, project=tmp_path)
    text = str(caught.value)
    assert "SECRET_KEY" in text and "DEBUG" in text and "ALLOWED_HOSTS" in text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PARITY_PROFILE": "staging"}, "PARITY_PROFILE"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe'"),
    ],
)
def test_it_names_the_variable_of_a_value_it_cannot_read(
    tmp_path: Path, env: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env, project=tmp_path)


def test_the_page_cache_lives_in_memory_locally_and_in_redis_in_production(
    tmp_path: Path,
) -> None:
    local = load_config({}, project=tmp_path)
    assert (local.page_cache, local.cache_url) == (True, "")
    assert load_config(GOOD_PRODUCTION, project=tmp_path).cache_url == "redis://127.0.0.1:6379/1"
    assert not load_config({"PARITY_PAGE_CACHE": "off"}, project=tmp_path).page_cache
    shared = load_config({"PARITY_CACHE_URL": "redis://cache:6379/2"}, project=tmp_path)
    assert shared.cache_url == "redis://cache:6379/2"


def test_it_refuses_a_cache_it_cannot_use(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PARITY_CACHE_URL='memcached://x'"):
        load_config({"PARITY_CACHE_URL": "memcached://x"}, project=tmp_path)
    with pytest.raises(ConfigError, match="PARITY_PAGE_CACHE"):
        load_config({"PARITY_PAGE_CACHE": "sometimes"}, project=tmp_path)


def test_the_data_folder_is_the_projects_var_wherever_parity_is_run(tmp_path, monkeypatch):
    from parity.config import project_dir

    monkeypatch.chdir(tmp_path)
    checkout = Path(__file__).resolve().parents[1]
    assert project_dir() == checkout
    assert load_config({}).data_dir == checkout / "var"
    assert load_config({"PARITY_DATA_DIR": str(tmp_path)}).data_dir == tmp_path.resolve()
