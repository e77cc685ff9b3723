"""The `parity` console command: Django's management CLI with Parity's settings preselected."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
    from parity.config import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["parity", *(sys.argv[1:] if argv is None else argv)])
    except ConfigError as error:
        sys.stderr.write(f"parity: {error}\n")
        raise SystemExit(2) from None
