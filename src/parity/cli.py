"""The `parity` console command: Django's management CLI with Parity's settings preselected.

Commands are spelt with dashes on the command line (`parity import-iati`), as users of other
tools expect, while their modules are named with underscores as Python needs (and Django's own
commands use both), so a dashed name that is not a command itself is tried with underscores.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection


def spell(word: str, commands: Collection[str]) -> str:
    underscored = word.replace("-", "_")
    return underscored if word not in commands and underscored in commands else word


def command_line(argv: list[str], commands: Collection[str]) -> list[str]:
    """The argument list for Django, with the command (and `help`'s subject) spelt as known."""
    words = list(argv)
    for position in (0, 1) if words[:1] == ["help"] else (0,):
        if len(words) > position:
            words[position] = spell(words[position], commands)
    return ["parity", *words]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    from parity.config import ConfigError

    try:
        import django
        from django.core.management import execute_from_command_line, get_commands

        django.setup()  # the apps must be loaded before their commands can be listed
        words = sys.argv[1:] if argv is None else argv
        commands = get_commands()
        line = command_line(words, commands)
        refuse_without_database(line[1:], commands)
        execute_from_command_line(line)
    except ConfigError as error:
        sys.stderr.write(f"parity: {error}\n")
        raise SystemExit(2) from None


def refuse_without_database(words: list[str], commands: dict[str, str]) -> None:
    """Exit 1 with a message when the command needs a database that is not there (SQLite would
    otherwise create an empty file wherever the data folder happened to point)."""
    from parity.site.database import missing_database, needs_database

    if not words or words[0] not in commands or {"-h", "--help"} & set(words):
        return
    if needs_database(words[0], commands[words[0]]) and (problem := missing_database()):
        sys.stderr.write(f"parity: {problem}\n")
        raise SystemExit(1)
