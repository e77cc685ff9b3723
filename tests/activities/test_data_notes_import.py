"""An import of a hand-made file with bad parts: each activity is kept, its notes stored, and
the run says how many were kept with notes (JSON, the command's summary, the run's page)."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from parity.activities.models import Activity, DataNote, ImportRun

pytestmark = pytest.mark.django_db

FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-BAD-1</iati-identifier>
  <reporting-org ref="XM-TEST" type="10"><narrative>Test org</narrative></reporting-org>
  <title><narrative>Percentage over 100</narrative></title>
  <recipient-country code="KE" percentage="125"/>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XM-BAD-2</iati-identifier>
  <reporting-org ref="XM-TEST" type="10"><narrative>Test org</narrative></reporting-org>
  <title><narrative>A transaction without a type</narrative></title>
  <transaction>
   <transaction-date iso-date="2020-02-01"/>
   <value value-date="2020-02-01">100</value>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2020-02-01"/>
   <value value-date="2020-02-01">50</value>
  </transaction>
 </iati-activity>
 <iati-activity default-currency="USD">
  <iati-identifier>XM-GOOD-3</iati-identifier>
  <reporting-org ref="XM-TEST" type="10"><narrative>Test org</narrative></reporting-org>
  <title><narrative>Nothing wrong</narrative></title>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    written = tmp_path / "bad-parts.xml"
    written.write_text(FILE, encoding="utf-8")
    return written


def run(*args: str) -> str:
    out = StringIO()
    try:
        call_command("import_iati", *args, stdout=out)
    except SystemExit as stop:
        assert stop.code == 0, out.getvalue()
    return out.getvalue()


def test_each_activity_is_kept_with_a_note_on_its_bad_part(path: Path):
    summary = json.loads(run(str(path), "--json"))
    assert (summary["created"], summary["rejected"], summary["with_notes"]) == (3, 0, 2)
    assert summary["files"][0]["with_notes"] == 2
    notes = DataNote.objects.order_by("activity__iati_identifier", "id")
    assert [(n.activity.iati_identifier, n.part, n.line, n.action, n.value) for n in notes] == [
        ("XM-BAD-1", "recipient-country", 7, "dropped", "125"),
        ("XM-BAD-2", "transaction", 13, "dropped", ""),
    ]
    assert "125" in notes[0].problem
    bad_2 = Activity.objects.get(iati_identifier="XM-BAD-2")
    assert list(bad_2.transactions.values_list("type", "value")) == [("3", 50)]


def test_the_summary_line_counts_the_activities_kept_with_notes(path: Path):
    text = run(str(path))
    assert "3 created, 0 updated, 0 unchanged, 0 rejected, 2 kept with data-quality notes" in text
    assert text.rstrip().endswith(
        "0 rejected; 2 kept with data-quality notes (listed on each activity's page)."
    )


def test_a_reimport_of_the_same_content_keeps_the_notes_and_still_counts_them(path: Path):
    run(str(path))
    first = list(DataNote.objects.values_list("id", flat=True))
    summary = json.loads(run(str(path), "--json", "--force"))
    assert (summary["unchanged"], summary["with_notes"]) == (3, 2)
    assert list(DataNote.objects.values_list("id", flat=True)) == first


def test_the_run_page_counts_and_lists_the_activities_with_notes(path: Path, client: Client):
    run(str(path))
    page = re.sub(
        r"\s+", " ", client.get(f"/imports/{ImportRun.objects.get().pk}/").content.decode()
    )
    assert (
        "<dt>Kept with data-quality notes</dt><dd>2 activities had a problem in one part and "
        "were kept; the part is noted on each one's page</dd>"
    ) in page
    assert "0 rejected, 2 kept with data-quality notes</p>" in page
    assert "2 activities from this file have data-quality notes" in page
    listed = re.findall(r'<a href="/activities/([^/]+)/#data-quality">', page)
    assert listed == ["XM-BAD-1", "XM-BAD-2"]
    assert "(1 note)" in page
