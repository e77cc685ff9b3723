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
    # Survivors' data keys (parity.protection): inline "id:base64,..." or a file; see
    # docs/protection.md. Empty in development means "generate a key file in the data folder".
    protection_keys: str = ""
    protection_key_file: Path | None = None
    # Public pages' cache (parity.pagekit.pagecache): on/off, and where entries live ("" = each
    # process's memory; redis://... = shared by every process).
    page_cache: bool = True
    cache_url: str = ""
    # The source the figures keep where IATI and the OECD CRS both cover a provider and year
    # (parity.analytics.facts): "crs" or "iati".
    figures_source: str = "crs"


def parse_bool(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")


def project_dir() -> Path:
    """The project folder whose ``var/`` holds the data by default: the source checkout Parity
    runs from (``src/parity/config.py`` two levels down), wherever the command is started.
    An installed copy has no checkout; the working folder stands in (set PARITY_DATA_DIR)."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


def load_config(env: Mapping[str, str] | None = None, project: Path | None = None) -> Config:
    """Build the configuration from environment variables.

    PARITY_PROFILE is "development" (default: safe local defaults, SQLite in the project's
    var/) or "production" (every security-relevant setting must be given explicitly and be safe).
    """
    env = os.environ if env is None else env
    project = project_dir() if project is None else project
    profile = env.get("PARITY_PROFILE", "development").strip().lower()
    if profile not in {"development", "production"}:
        raise ConfigError(f"PARITY_PROFILE={profile!r}: use 'development' or 'production'")
    production = profile == "production"

    data_dir = Path(env.get("PARITY_DATA_DIR") or project / "var").resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'parity.sqlite3'}"
    secret_key = env.get("SECRET_KEY", "")
    debug = parse_bool("DEBUG", env.get("DEBUG", "0" if production else "1"))
    hosts_raw = env.get("ALLOWED_HOSTS", "" if production else "127.0.0.1,localhost,[::1]")
    allowed_hosts = tuple(h.strip() for h in hosts_raw.split(",") if h.strip())
    private = parse_bool("PARITY_PRIVATE", env.get("PARITY_PRIVATE", "0"))
    page_cache = parse_bool("PARITY_PAGE_CACHE", env.get("PARITY_PAGE_CACHE", "1"))
    # Production shares the page cache between its processes in Redis, beside the task queue.
    cache_url = env.get("PARITY_CACHE_URL", "redis://127.0.0.1:6379/1" if production else "")
    cache_url = cache_url.strip()
    if cache_url and not cache_url.startswith(("redis://", "rediss://")):
        raise ConfigError(f"PARITY_CACHE_URL={cache_url!r}: give a redis:// URL, or leave it empty")

    figures_source = env.get("PARITY_FIGURES_SOURCE", "crs").strip().lower()
    if figures_source not in {"crs", "iati"}:
        raise ConfigError(f"PARITY_FIGURES_SOURCE={figures_source!r}: use 'crs' or 'iati'")

    protection_keys = env.get("PARITY_PROTECTION_KEYS", "").strip()
    key_file_raw = env.get("PARITY_PROTECTION_KEY_FILE", "").strip()
    protection_key_file = Path(key_file_raw).resolve() if key_file_raw else None
    key_problem = check_protection_keys(protection_keys, protection_key_file)

    if production:
        problems = []
        if not protection_keys and protection_key_file is None:
            problems.append(
                "no protection key: set PARITY_PROTECTION_KEYS or PARITY_PROTECTION_KEY_FILE "
                "(generate one with: parity rotate-protection-key --generate)"
            )
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
        elif "*" in allowed_hosts:
            problems.append(
                "ALLOWED_HOSTS allows any host ('*'): list the host names Parity is served "
                "under, so that forged Host headers cannot poison links in e-mails and caches"
            )
        if not env.get("DATABASE_URL", "").strip():
            problems.append(
                "DATABASE_URL is missing: production runs on a database of its own "
                "(postgres://user@host/name), never on a SQLite file left in the data folder"
            )
        if key_problem:
            problems.append(key_problem)
        if problems:
            raise ConfigError(
                "Refusing to start in the production profile:\n- " + "\n- ".join(problems)
            )
    else:
        if key_problem:
            raise ConfigError(f"Refusing to start: {key_problem}")
        if not secret_key:
            secret_key = DEVELOPMENT_SECRET_KEY

    return Config(
        profile=profile,
        secret_key=secret_key,
        debug=debug,
        allowed_hosts=allowed_hosts,
        database_url=database_url,
        data_dir=data_dir,
        private=private,
        protection_keys=protection_keys,
        protection_key_file=protection_key_file,
        page_cache=page_cache,
        cache_url=cache_url,
        figures_source=figures_source,
    )


def check_protection_keys(inline: str, key_file: Path | None) -> str | None:
    """Why the configured protection keys are unusable, or None (none configured is fine here:
    the production rule above asks for them)."""
    from parity.protection.core.envelope import ProtectionKeyError, parse_keys

    try:
        if inline:
            parse_keys(inline)
        elif key_file is not None:
            if not key_file.is_file():
                return f"PARITY_PROTECTION_KEY_FILE={key_file}: no such file"
            parse_keys(key_file.read_text(encoding="ascii"))
    except (ProtectionKeyError, OSError, UnicodeDecodeError) as error:
        source = "PARITY_PROTECTION_KEYS" if inline else "PARITY_PROTECTION_KEY_FILE"
        return f"{source}: {error}"
    return None
