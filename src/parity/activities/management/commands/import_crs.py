"""`parity import-crs FILE_OR_FOLDER... [--json] [--force]`: OECD CRS files (docs/crs.md)."""

from __future__ import annotations

from parity.activities.crs_importer import CRSImporter
from parity.activities.management.import_command import ImportCommand
from parity.activities.models import ImportFile, ImportRun


class Command(ImportCommand):
    help = (
        "Import OECD CRS files: the Data Explorer CSV or the bulk 'CRS YYYY data' files "
        "(.txt or .zip); folders are searched for .txt, .csv and .zip."
    )
    importer_class = CRSImporter

    def human_summary(self, run: ImportRun, summary: dict) -> str:
        return human_summary(run, summary)


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
