"""Reading Parity's configuration from the environment, and refusing insecure production setups.

Pure Python (no Django) so the rules are tested without a project loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The development key is public on purpose: it only ever signs sessions on a developer's machine,
# and the production profile refuses it.
DEVELOPMENT_SECRET_KEY = "parity-development-only-not-secret"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A setting is missing or unsafe; the message names the variable and the fix."""


@dataclass(frozen=True)
class Config:
    profile: str
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    database_url: str
    data_dir: Path
    private: bool


def parse_bool(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")


def load_config(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Config:
    """Build the configuration from environment variables.

    PARITY_PROFILE is "development" (default: safe local defaults, SQLite in ./var) or
    "production" (every security-relevant setting must be given explicitly and be safe).
    """
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    profile = env.get("PARITY_PROFILE", "development").strip().lower()
    if profile not in {"development", "production"}:
        raise ConfigError(f"PARITY_PROFILE={profile!r}: use 'development' or 'production'")
    production = profile == "production"

    data_dir = Path(env.get("PARITY_DATA_DIR") or cwd / "var").resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'parity.sqlite3'}"
    secret_key = env.get("SECRET_KEY", "")
    debug = parse_bool("DEBUG", env.get("DEBUG", "0" if production else "1"))
    hosts_raw = env.get("ALLOWED_HOSTS", "" if production else "127.0.0.1,localhost,[::1]")
    allowed_hosts = tuple(h.strip() for h in hosts_raw.split(",") if h.strip())
    private = parse_bool("PARITY_PRIVATE", env.get("PARITY_PRIVATE", "0"))

    if production:
        problems = []
        if not secret_key or secret_key == DEVELOPMENT_SECRET_KEY:
            problems.append(
                "SECRET_KEY is missing or is the development key: set a long random value"
            )
        elif len(secret_key) < 32:
            problems.append("SECRET_KEY is shorter than 32 characters")
        if debug:
            problems.append("DEBUG is on: set DEBUG=0")
        if not allowed_hosts:
            problems.append("ALLOWED_HOSTS is empty: list the host names Parity is served under")
        if problems:
            raise ConfigError(
                "Refusing to start in the production profile:\n- " + "\n- ".join(problems)
            )
    elif not secret_key:
        secret_key = DEVELOPMENT_SECRET_KEY

    return Config(
        profile=profile,
        secret_key=secret_key,
        debug=debug,
        allowed_hosts=allowed_hosts,
        database_url=database_url,
        data_dir=data_dir,
        private=private,
    )
