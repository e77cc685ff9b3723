"""`parity import-iati FILE_OR_FOLDER... [--json] [--force]`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from parity.activities.importer import Importer, run_summary
from parity.activities.models import ImportFile, ImportRun


class Command(BaseCommand):
    help = "Import IATI activity files (any version, 1.0x to 2.03); folders are searched for *.xml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON")
        parser.add_argument(
            "--force", action="store_true", help="Import files even if unchanged since last time"
        )

    def handle(self, *args, **options) -> None:
        bars: list[tqdm] = []

        def progress(name: str, size: int) -> Callable[[int], None]:
            bar = tqdm(total=size, unit="B", unit_scale=True, desc=name[-40:], leave=False)
            bars.append(bar)
            return bar.update

        show_progress = sys.stderr.isatty() and not options["json"]
        importer = Importer(force=options["force"], progress=progress if show_progress else None)
        run = importer.run(options["paths"])
        for bar in bars:
            bar.close()
        summary = run_summary(run)
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(human_summary(run, summary))
        if run.status != ImportRun.COMPLETE:
            sys.exit(1)


def human_summary(run: ImportRun, summary: dict) -> str:
    lines = []
    for item in summary["files"]:
        status = item["status"]
        line = f"{item['file']}: {status}"
        if status in (ImportFile.IMPORTED, ImportFile.BROKEN):
            line += (
                f" - {item['created']} created, {item['updated']} updated, "
                f"{item['unchanged']} unchanged, {len(item['rejected'])} rejected"
            )
        lines.append(line)
        if item["error"]:
            lines.append(f"  {item['error']}")
        for rejection in item["rejected"]:
            where = f"line {rejection['line']}" if rejection["line"] else "?"
            lines.append(
                f"  rejected {rejection['identifier'] or '(no identifier)'} at {where}, "
                f"{rejection['element']}: {rejection['reason']}"
            )
        if item["duplicates"]:
            lines.append(f"  duplicate identifiers (the later one was kept): {item['duplicates']}")
        if item["disappeared"]:
            lines.append(f"  no longer in this file: {', '.join(item['disappeared'])}")
    lines.append(
        f"Import {run.pk} {run.get_status_display().lower()}: {run.created} created, "
        f"{run.updated} updated, {run.unchanged} unchanged, {run.rejected} rejected."
    )
    return "\n".join(lines)
