"""What every benchmark does first: Django on its own database, migrated, as it is served."""

from __future__ import annotations

import os


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named by ``url`` when it does not exist."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str, **environment: str) -> None:
    """Set up Django on ``database_url`` (created or updated by ``migrate``).

    Timed as served: DEBUG off (the development default logs every query and renders templates
    in debug mode). The page cache is off so that a page's own work is timed; the benchmarks
    that time the cache turn it on themselves. ``environment`` adds settings of the benchmark's
    own (a data folder, keys).
    """
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("PARITY_PAGE_CACHE", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
