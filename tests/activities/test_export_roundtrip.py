"""Export from the database is valid IATI 2.03, and import -> export -> re-import keeps records."""

from __future__ import annotations

import dataclasses
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.exporting import export_activities
from parity.activities.importer import Importer
from parity.activities.models import Activity, ImportFile
from parity.iati.conform import conform
from parity.iati.validation import validate_activities_xml
from tests.activities.iati_files import SHARED, file_id, importable_files

pytestmark = pytest.mark.django_db
SCHEMA_203 = SHARED / "iati" / "schemas" / "2.03"


def comparable(activity, export_date):
    """What must survive the trip: the record as the writer legitimately completes it."""
    completed = conform(activity, export_date=export_date).activity
    return dataclasses.replace(completed, iati_version="", last_updated="")


@pytest.mark.parametrize("path", importable_files(), ids=file_id)
def test_import_export_reimport_gives_the_same_records(path: Path, tmp_path: Path) -> None:
    record = Importer().run([path]).files.get()
    assert record.status == ImportFile.IMPORTED
    if not Activity.objects.exists():
        # Every activity was refused (e.g. a percentage of 125): nothing to export, and the
        # record says why for each one.
        assert record.rejected == record.rejections.count() > 0
        return
    before = list(activity_snapshots(finance=True))
    exported = BytesIO()
    assert export_activities(Activity.objects.all(), exported) == len(before)
    assert validate_activities_xml(exported.getvalue(), SCHEMA_203) == []
    Activity.objects.all().delete()
    again = tmp_path / "exported.xml"
    again.write_bytes(exported.getvalue())
    assert Importer(force=True).run([again]).files.get().status == ImportFile.IMPORTED
    after = list(activity_snapshots(finance=True))
    export_date = after[0].dates[0].iso_date if after and after[0].dates else None
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert dataclasses.replace(new, iati_version="", last_updated="") == comparable(
            old, export_date
        ), old.identifier


def test_the_export_command_filters_by_country_and_writes_a_file(tmp_path: Path) -> None:
    Importer().run(
        [SHARED / "iati" / "real" / "IATI-Datastore" / "iatilib-test-fixtures" / "CD.xml"]
    )
    out = tmp_path / "cd.xml"
    err = StringIO()
    call_command("export_iati", "--country", "CD", "--output", str(out), stderr=err)
    count = Activity.objects.filter(recipient_countries__code="CD").distinct().count()
    assert f"Wrote {count} activities." in err.getvalue()
    assert 0 < count < Activity.objects.count()
    assert validate_activities_xml(out.read_bytes(), SCHEMA_203) == []
