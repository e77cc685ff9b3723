"""Whether the database a command needs is there, so that a mistyped data folder is reported
instead of silently answered with a new, empty SQLite file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

# Commands that need no database, or create it: Django's own outside the list below, and these.
CREATING = {"migrate"}
# Django's own commands that read or write the data (Parity's own all do, but CREATING).
DJANGO_DATA_COMMANDS = {
    "changepassword",
    "createsuperuser",
    "dbshell",
    "dumpdata",
    "flush",
    "loaddata",
    "runserver",
    "shell",
}


def needs_database(name: str, app: str) -> bool:
    """Whether command ``name`` (of ``app``, as Django's get_commands() gives it) needs data."""
    if name in CREATING:
        return False
    return app.startswith("parity.") or name in DJANGO_DATA_COMMANDS


def missing_database() -> str | None:
    """A message saying what is missing and how to create it, or None when the data is there."""
    where = (
        f"Parity looked in the data folder {settings.DATA_DIR} (PARITY_DATA_DIR, else the "
        "project's var/); DATABASE_URL names another database."
    )
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if ":memory:" not in name and "mode=memory" not in name and not Path(name).is_file():
            return f"No database at {name}: create it with 'parity migrate'. {where}"
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        return f"Cannot open the database: {error}. {where}"
    if "django_migrations" not in tables:
        return f"The database has no tables yet: create them with 'parity migrate'. {where}"
    return None
