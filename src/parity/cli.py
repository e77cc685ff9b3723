"""The `parity` console command: Django's management CLI with Parity's settings preselected.

Commands are spelt with dashes on the command line (`parity import-iati`), as users of other
tools expect; Django's modules use underscores, so the first word is translated.
"""

from __future__ import annotations

import os
import sys


def command_line(argv: list[str]) -> list[str]:
    if argv and not argv[0].startswith("-"):
        argv = [argv[0].replace("-", "_"), *argv[1:]]
    return ["parity", *argv]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    from parity.config import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(command_line(sys.argv[1:] if argv is None else argv))
    except ConfigError as error:
        sys.stderr.write(f"parity: {error}\n")
        raise SystemExit(2) from None
