"""The real CRS extract shipped for the demo (parity/crs/data/demo/README.md), imported."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from django.utils.translation import gettext_noop

from parity.activities.crs_importer import CRSImporter
from parity.activities.models import ImportFile, ImportRun

DEMO_FILE = "crs-housing-2014-2023.zip"
# Stored in English on every row; the activity page shows it in the reader's language.
SOURCE_NOTE = gettext_noop(
    "Real data: OECD, Creditor Reporting System (CRS), housing purpose codes 16030 and 16040, "
    "2014-2023, disbursements in constant 2022 US dollars (OECD terms of use)."
)


class DemoImporter(CRSImporter):
    def import_file(self, run: ImportRun, path: Path, name: str) -> ImportFile:
        return super().import_file(run, path, DEMO_FILE)  # its name, not where it is installed


def load_demo_crs() -> ImportRun:
    """Import the shipped extract (skipped by its hash when already imported)."""
    importer = DemoImporter(started_by="parity demo")
    importer.source_note = SOURCE_NOTE
    data = resources.files("parity.crs").joinpath("data/demo", DEMO_FILE)
    with resources.as_file(data) as path:
        return importer.run([path])


def describe(run: ImportRun) -> str:
    record = run.files.get()
    if record.status == ImportFile.SKIPPED:
        return f"The real OECD CRS extract ({DEMO_FILE}) was loaded before: left as it is."
    if record.status != ImportFile.IMPORTED:
        return f"The real OECD CRS extract could not be loaded: {record.error}"
    return (
        f"Loaded real data: {record.created + record.updated + record.unchanged} OECD CRS rows "
        f"({DEMO_FILE}: housing, 2014-2023; not labelled 'sample data')."
    )
