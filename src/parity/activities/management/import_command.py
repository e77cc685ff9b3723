"""What `parity import-iati` and `parity import-crs` share: the arguments, one progress bar for
the whole run, the summary (JSON or text) and the exit code (1 unless the run is complete)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from parity.activities.importer import Importer, run_summary
from parity.activities.models import ImportRun


class ProgressBar:
    """One bar of bytes for the run: each file adds its size as its reading starts (in any
    order, from any worker process)."""

    def __init__(self) -> None:
        self.bar: tqdm | None = None

    def file_started(self, name: str, size: int) -> Callable[[int], None]:
        if self.bar is None:
            self.bar = tqdm(total=0, unit="B", unit_scale=True, leave=False)
        self.bar.total += size
        self.bar.set_description(name[-40:], refresh=True)
        return self.bar.update

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class ImportCommand(BaseCommand):
    importer_class: type[Importer] = Importer
    # Data in, no page served: the system checks would load every template tag library (the
    # marker suggester's scikit-learn with them), 3 s of CPU and 150 MB before the first row.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON")
        parser.add_argument(
            "--force", action="store_true", help="Import files even if unchanged since last time"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar()
        show_progress = sys.stderr.isatty() and not options["json"]
        importer = self.importer_class(
            force=options["force"], progress=bar.file_started if show_progress else None
        )
        try:
            run = self.run_import(importer, options)
        finally:
            bar.close()
        summary = run_summary(run)
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(self.human_summary(run, summary))
        if run.status != ImportRun.COMPLETE:
            sys.exit(1)

    def run_import(self, importer: Importer, options: dict[str, Any]) -> ImportRun:
        return importer.run(options["paths"])

    def human_summary(self, run: ImportRun, summary: dict) -> str:
        raise NotImplementedError
