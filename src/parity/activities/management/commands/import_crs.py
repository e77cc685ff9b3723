"""`parity import-crs FILE_OR_FOLDER... [--json] [--force]`: OECD CRS files (docs/crs.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from parity.activities.crs_importer import CRSImporter
from parity.activities.importer import run_summary
from parity.activities.models import ImportFile, ImportRun


class Command(BaseCommand):
    help = (
        "Import OECD CRS files: the Data Explorer CSV or the bulk 'CRS YYYY data' files "
        "(.txt or .zip); folders are searched for .txt, .csv and .zip."
    )

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
        importer = CRSImporter(force=options["force"], progress=progress if show_progress else None)
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
        line = f"{item['file']}: {item['status']}"
        if item["status"] == ImportFile.IMPORTED:
            line += (
                f" ({item['format']}) - rows: {item['created']} new, {item['updated']} changed, "
                f"{item['unchanged']} unchanged, {len(item['rejected'])} rejected"
            )
        lines.append(line)
        if item["error"]:
            lines.append(f"  {item['error']}")
        for r in item["rejected"]:
            column = f", column {r['element']}" if r["element"] else ""
            lines.append(f"  rejected line {r['line']}{column}: {r['reason']}")
        if item["disappeared"]:
            lines.append(f"  no longer in this file: {', '.join(item['disappeared'])}")
    lines.append(
        f"Import {run.pk} {run.get_status_display().lower()}: rows {run.created} new, "
        f"{run.updated} changed, {run.unchanged} unchanged, {run.rejected} rejected."
    )
    return "\n".join(lines)
