"""`parity import-iati FILE_OR_FOLDER... [--json] [--force] [--jobs N]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from parity.activities.importer import Importer
from parity.activities.management.import_command import ImportCommand
from parity.activities.models import ImportFile, ImportRun
from parity.activities.parallel import why_one_at_a_time


class Command(ImportCommand):
    help = "Import IATI activity files (any version, 1.0x to 2.03); folders are searched for *.xml."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--jobs",
            type=positive,
            default=1,
            metavar="N",
            help="Import the files in N worker processes (PostgreSQL; SQLite: one at a time)",
        )

    def run_import(self, importer: Importer, options: dict[str, Any]) -> ImportRun:
        jobs = options["jobs"]
        if jobs > 1 and (reason := why_one_at_a_time()):
            self.stderr.write(f"--jobs {jobs}: {reason}.")
            jobs = 1
        return importer.run(options["paths"], jobs=jobs)

    def human_summary(self, run: ImportRun, summary: dict) -> str:
        return human_summary(run, summary)


def positive(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(raw)  # argparse: "invalid positive value"
    return int(raw)


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
            if item["with_notes"]:
                line += f", {item['with_notes']} kept with data-quality notes"
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
        f"{run.updated} updated, {run.unchanged} unchanged, {run.rejected} rejected; "
        f"{run.with_notes} kept with data-quality notes (listed on each activity's page)."
    )
    return "\n".join(lines)
