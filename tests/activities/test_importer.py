"""Import behaviour users rely on: upserts, skips, rejections, breaks, refusals, the record."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from parity.activities.models import Activity, ImportFile, ImportRun, Transaction

pytestmark = pytest.mark.django_db

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
TAIL = "</iati-activities>\n"


def activity_xml(identifier: str, value: str = "100", ttype: str = "3", title: str = "A") -> str:
    return f"""<iati-activity default-currency="USD">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-TEST" type="10"><narrative>Test org</narrative></reporting-org>
  <title><narrative>{title}</narrative></title>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <policy-marker vocabulary="1" code="1" significance="1"/>
  <transaction>
    <transaction-type code="{ttype}"/>
    <transaction-date iso-date="2020-02-01"/>
    <value value-date="2020-02-01">{value}</value>
  </transaction>
</iati-activity>
"""


def write(tmp_path: Path, name: str, *activities: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(activities) + TAIL)
    return path


def run_import(*args: str) -> tuple[int, dict]:
    out = StringIO()
    code = 0
    try:
        call_command("import_iati", *args, "--json", stdout=out)
    except SystemExit as stop:
        code = stop.code
    return code, json.loads(out.getvalue())


def test_a_reimport_updates_in_place_and_never_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xml", activity_xml("XM-TEST-1"), activity_xml("XM-TEST-2"))
    run_import(str(path))
    first_id = Activity.objects.get(iati_identifier="XM-TEST-1").pk
    write(tmp_path, "a.xml", activity_xml("XM-TEST-1", value="250"), activity_xml("XM-TEST-2"))
    code, summary = run_import(str(path))
    assert code == 0
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 1)
    updated = Activity.objects.get(iati_identifier="XM-TEST-1")
    assert updated.pk == first_id
    assert updated.transactions.get().value == 250
    assert Activity.objects.count() == 2 and Transaction.objects.count() == 2


def test_an_unchanged_file_is_skipped_unless_forced(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xml", activity_xml("XM-TEST-1"))
    run_import(str(path))
    _, again = run_import(str(path))
    assert again["files"][0]["status"] == ImportFile.SKIPPED
    _, forced = run_import(str(path), "--force")
    assert forced["files"][0]["status"] == ImportFile.IMPORTED
    assert forced["unchanged"] == 1


def test_an_activity_missing_from_the_new_file_is_reported_not_deleted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xml", activity_xml("XM-TEST-1"), activity_xml("XM-TEST-2"))
    run_import(str(path))
    write(tmp_path, "a.xml", activity_xml("XM-TEST-1"))
    _, summary = run_import(str(path))
    assert summary["files"][0]["disappeared"] == ["XM-TEST-2"]
    assert Activity.objects.filter(iati_identifier="XM-TEST-2").exists()


@pytest.mark.parametrize(
    ("bad", "transactions"),
    [
        (activity_xml("XM-TEST-BAD", ttype="99"), 0),
        (activity_xml("XM-TEST-BAD", value="12abc"), 0),
        (
            activity_xml("XM-TEST-BAD").replace("2020-02-01", "2019-02-30", 1),
            1,
        ),
        (
            activity_xml("XM-TEST-BAD").replace(
                "<activity-status",
                '<recipient-country code="TH" percentage="120"/><activity-status',
            ),
            1,
        ),
        (
            activity_xml("XM-TEST-BAD").replace('code="1" significance="1"', 'significance="1"'),
            1,
        ),
    ],
    ids=["transaction-type", "value", "date", "percentage", "marker-code"],
)
def test_an_activity_with_one_bad_part_is_kept_without_that_part(
    tmp_path: Path, bad: str, transactions: int
) -> None:
    """Issue 16: the reader drops the bad part (with a data note) instead of the activity."""
    path = write(tmp_path, "mixed.xml", activity_xml("XM-TEST-1"), bad, activity_xml("XM-TEST-3"))
    code, summary = run_import(str(path))
    assert code == 0
    (record,) = summary["files"]
    assert record["rejected"] == []
    kept = Activity.objects.get(iati_identifier="XM-TEST-BAD")
    assert kept.transactions.count() == transactions
    assert Activity.objects.count() == 3


def test_an_activity_without_identifier_is_rejected_with_where_and_why(tmp_path: Path) -> None:
    bad = activity_xml("").replace("<iati-identifier></iati-identifier>", "")
    path = write(tmp_path, "mixed.xml", activity_xml("XM-TEST-1"), bad, activity_xml("XM-TEST-3"))
    code, summary = run_import(str(path))
    assert code == 0
    (rejection,) = summary["files"][0]["rejected"]
    assert (rejection["identifier"], rejection["element"]) == ("", "iati-identifier")
    assert "no iati-identifier" in rejection["reason"]
    assert rejection["line"] > 8  # the line of the second activity
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "XM-TEST-1",
        "XM-TEST-3",
    }


def test_a_gender_marker_of_significance_3_is_kept_but_not_scored(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.xml", activity_xml("XM-TEST-1").replace('significance="1"', 'significance="3"')
    )
    run_import(str(path))
    activity = Activity.objects.get()
    assert activity.policy_markers.get().significance == 3
    assert activity.gender_marker is None


def test_a_duplicate_identifier_in_one_file_keeps_the_later_and_says_so(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dup.xml",
        activity_xml("XM-TEST-1", title="first"),
        activity_xml("XM-TEST-1", title="second"),
    )
    _, summary = run_import(str(path))
    assert summary["files"][0]["duplicates"] == ["XM-TEST-1"]
    assert Activity.objects.get().title == "second"


def test_a_file_broken_partway_keeps_what_came_before_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(HEAD + activity_xml("XM-TEST-1") + "<iati-activity><iati-identifier>X")
    code, summary = run_import(str(path))
    assert code == 1
    (record,) = summary["files"]
    assert record["status"] == ImportFile.BROKEN
    assert record["error_line"] and record["error_column"]
    assert summary["status"] == ImportRun.INCOMPLETE
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1"]


def test_an_activity_ending_right_before_the_break_is_imported(tmp_path: Path) -> None:
    """The reader reads the file again up to the break to tell it from one cut short."""
    path = tmp_path / "broken.xml"
    junk = "&junk;<iati-activity><iati-identifier>X</iati-identifier>"
    path.write_text(HEAD + activity_xml("XM-TEST-1") + activity_xml("XM-TEST-2") + junk)
    code, summary = run_import(str(path))
    assert code == 1 and summary["files"][0]["status"] == ImportFile.BROKEN
    imported = Activity.objects.values_list("iati_identifier", flat=True)
    assert sorted(imported) == ["XM-TEST-1", "XM-TEST-2"]


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        "<iati-activities><iati-activity><iati-identifier>&e;</iati-identifier>"
        "</iati-activity></iati-activities>",
        '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<iati-activities><iati-activity><iati-identifier>&b;</iati-identifier>"
        "</iati-activity></iati-activities>",
        '<?xml version="1.0"?><iati-organisations version="2.03"><iati-organisation>'
        "<organisation-identifier>XM-1</organisation-identifier></iati-organisation>"
        "</iati-organisations>",
        "this is not XML at all",
    ],
    ids=["external-entity", "entity-bomb", "organisation-file", "not-xml"],
)
def test_unsafe_or_foreign_files_are_refused_whole(tmp_path: Path, content: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(content)
    code, summary = run_import(str(path))
    assert code == 1
    (record,) = summary["files"]
    assert record["status"] == ImportFile.REFUSED
    assert "hostile.xml" in record["error"]
    assert not Activity.objects.exists()


def test_a_missing_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    code, summary = run_import(str(tmp_path / "nope.xml"))
    assert code == 1
    assert "no such file" in summary["files"][0]["error"]


def test_the_import_run_is_visible_on_a_page(tmp_path: Path, client: Client) -> None:
    no_identifier = activity_xml("").replace("<iati-identifier></iati-identifier>", "")
    path = write(tmp_path, "mixed.xml", activity_xml("XM-TEST-1"), no_identifier)
    run_import(str(path))
    run = ImportRun.objects.get()
    assert "#" + str(run.pk) in client.get("/imports/").content.decode()
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "mixed.xml" in page and "no iati-identifier" in page


def test_a_run_left_running_by_a_dead_process_shows_as_failed(tmp_path: Path) -> None:
    stale = ImportRun.objects.create(pid=2**22 + 12345)  # no such process
    run_import(str(write(tmp_path, "a.xml", activity_xml("XM-TEST-1"))))
    stale.refresh_from_db()
    assert stale.status == ImportRun.FAILED
