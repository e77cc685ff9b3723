"""What `parity import-rates` and `parity import-deflators` share: a CSV table loaded whole or
not at all, with each bad line named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class TableFileCommand(BaseCommand):
    what = ""  # "exchange rates", "deflators"
    read_file: Callable[..., Any]  # (path, source=...) -> rows, raising file_errors
    load_rows: Callable[[Any], Any]  # rows -> counts (total, created, updated)
    file_errors: tuple[type[Exception], ...] = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="Source for rows without one")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            counts = self.load_rows(self.read_file(path, source=options["source"]))
        except (*self.file_errors, ValueError) as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(
            f"Loaded {counts.total} {self.what} from {path.name}: "
            f"{counts.created} new, {counts.updated} updated."
        )
