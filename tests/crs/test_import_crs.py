"""`parity import-crs` and the upload: how a CRS row lands in Parity, skips, editions, refusals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parity.activities import crs_loader, tasks
from parity.activities.models import (
    Activity,
    ImportFile,
    ImportRejection,
    ImportRun,
    PolicyMarker,
    Transaction,
)
from parity.activities.sqlite_cache import LOAD_CACHE_KIB
from tests.crs.files import bulk_row, bulk_text, write
from tests.helpers.sqlite_cache import cache_size

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> tuple[int, dict]:
    out = StringIO()
    code = 0
    try:
        call_command("import_crs", *map(str, args), "--json", stdout=out)
    except SystemExit as stop:
        code = stop.code
    return code, json.loads(out.getvalue())


def test_a_bulk_row_becomes_an_activity_with_its_transactions(tmp_path):
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text([bulk_row()]))
    code, summary = run_import(path)
    assert code == 0 and summary["created"] == 1
    activity = Activity.objects.get()
    assert activity.iati_identifier == "crs:12-2019000001"
    assert (activity.source, activity.reporting_org.ref) == ("crs", "XM-DAC-12")
    assert activity.title == "Girls' education in Turkana"
    assert activity.gender_marker == 2
    assert (activity.default_flow_type, activity.default_finance_type) == ("10", "110")
    assert (activity.collaboration_type, activity.default_aid_types) == ("1", ["C01"])
    assert activity.crs["crs_id"] == "2019000001" and activity.crs["project_number"] == "GB-1-2001"
    assert list(activity.recipient_countries.values_list("code", flat=True)) == ["KE"]
    assert list(activity.sectors.values_list("code", "vocabulary")) == [("11220", "1")]
    # Environment was blank: not screened, so no marker row (never a 0)
    assert list(PolicyMarker.objects.values_list("code", "significance")) == [("1", 2)]
    assert activity.crs["markers"] == {"1": 2, "2": None}
    roles = dict(activity.participating_orgs.values_list("role", "ref"))
    assert roles == {"1": "XM-DAC-12", "3": "XM-DAC-12-1", "4": ""}
    commitment, disbursement = activity.transactions.order_by("type")
    assert (commitment.type, commitment.value, commitment.value_constant) == (
        "2",
        Decimal("1500000"),
        Decimal("1600000"),
    )
    assert (disbursement.type, disbursement.value, disbursement.currency) == (
        "3",
        Decimal("750000"),
        "USD",
    )
    assert (disbursement.date, disbursement.value_prices) == (date(2019, 12, 31), "current")
    assert (disbursement.source_file, disbursement.source_line, disbursement.source_year) == (
        str(path),
        2,
        2019,
    )
    assert (disbursement.recipient_country, disbursement.sector_code) == ("KE", "11220")
    assert disbursement.gender_marker == 2


def test_the_activity_page_shows_the_crs_project(tmp_path):
    rows = [bulk_row(Year="2018", Gender="1"), bulk_row(Year="2019")]
    run_import(write(tmp_path, "crs.txt", bulk_text(rows)))
    page = Client().get("/activities/crs:12-2019000001/").content.decode()
    for text in (
        "OECD CRS project",
        "United Kingdom (12), DAC member",
        "Department for International Development (1)",
        "GB-1-2001",
        "Kenya (248)",
        "Donor country-based NGO (22000)",
        "ODA (10)",
        "Project-type interventions (C01)",
        "2 principal",
        "not screened",
        "crs.txt, line 3",
    ):
        assert text in page, text


def test_same_file_is_skipped_by_its_hash(tmp_path):
    path = write(tmp_path, "crs.txt", bulk_text([bulk_row()]))
    run_import(path)
    code, summary = run_import(path)
    assert code == 0 and summary["files"][0]["status"] == "skipped"
    assert Transaction.objects.count() == 2


def test_a_newer_edition_replaces_the_rows_it_covers_and_says_how_many_changed(tmp_path):
    first = [
        bulk_row(CrsID="1"),
        bulk_row(CrsID="2"),
        bulk_row(CrsID="3"),
    ]
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text(first))
    run_import(path)
    second = [
        bulk_row(CrsID="1"),  # unchanged
        bulk_row(CrsID="2", USD_Disbursement="0.9"),  # changed
        bulk_row(CrsID="4"),  # new; CrsID 3 is gone from this edition
    ]
    write(tmp_path, "CRS 2019 data.txt", bulk_text(second))
    code, summary = run_import(path)
    assert code == 0
    [item] = summary["files"]
    assert (item["created"], item["updated"], item["unchanged"]) == (1, 1, 1)
    assert item["disappeared"] == ["crs:12-3"]
    changed = Transaction.objects.get(activity__iati_identifier="crs:12-2", type="3")
    assert changed.value == Decimal("900000")
    assert Transaction.objects.filter(activity__iati_identifier="crs:12-2").count() == 2


def test_an_edition_is_replaced_chunk_by_chunk_in_set_based_statements(tmp_path, monkeypatch):
    """Chunks of two rows: a project-year whose rows fall into two chunks is still compared
    whole, and the statements per chunk do not grow with the projects it replaces."""
    monkeypatch.setattr(crs_loader, "BATCH_ROWS", 2)
    first = [
        bulk_row(CrsID="1", RecipientCode="248", PurposeCode="11220"),
        bulk_row(CrsID="2"),
        bulk_row(CrsID="1", RecipientCode="248", PurposeCode="11230", PurposeName="Basic"),
        bulk_row(CrsID="3"),
        bulk_row(CrsID="3", Year="2020"),
    ]
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text(first))
    run_import(path)
    second = [
        bulk_row(CrsID="1", RecipientCode="248", PurposeCode="11220"),  # unchanged, 2 lines
        bulk_row(CrsID="2", ProjectTitle="Renamed"),  # changed: a new title, the same amounts
        bulk_row(CrsID="1", RecipientCode="248", PurposeCode="11230", PurposeName="Basic"),
        bulk_row(CrsID="3", USD_Commitment="2"),  # changed; its 2020 row is not covered
        bulk_row(CrsID="4"),
    ]
    write(tmp_path, "CRS 2019 data.txt", bulk_text(second))
    with CaptureQueriesContext(connection) as queries:
        code, summary = run_import(path)
    assert code == 0
    [item] = summary["files"]
    assert (item["created"], item["updated"], item["unchanged"]) == (1, 2, 2)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "activities_activity"')]
    assert len(updates) == 2  # one per chunk that rewrote headers, not one per project
    assert Activity.objects.get(iati_identifier="crs:12-2").title == "Renamed"
    three = Transaction.objects.filter(activity__iati_identifier="crs:12-3")
    assert sorted(three.values_list("source_year", "type", "value")) == [
        (2019, "2", Decimal("2000000")),
        (2019, "3", Decimal("750000")),
        (2020, "2", Decimal("1500000")),
        (2020, "3", Decimal("750000")),
    ]
    assert Transaction.objects.filter(activity__iati_identifier="crs:12-1").count() == 4


def test_a_bad_row_is_rejected_with_its_reason_and_the_rest_imported(tmp_path):
    rows = [bulk_row(CrsID="1"), bulk_row(CrsID="2", USD_Commitment="n/a"), bulk_row(CrsID="3")]
    code, summary = run_import(write(tmp_path, "crs.txt", bulk_text(rows)))
    assert code == 0
    [rejection] = summary["files"][0]["rejected"]
    assert rejection == {
        "line": 3,
        "identifier": "2",
        "element": "USD_Commitment",
        "reason": "'n/a' is not a number",
    }
    assert set(Activity.objects.values_list("iati_identifier", flat=True)) == {
        "crs:12-1",
        "crs:12-3",
    }


def test_a_broken_file_changes_nothing(tmp_path):
    run_import(write(tmp_path, "before.txt", bulk_text([bulk_row(CrsID="1")])))
    rows = bulk_text([bulk_row(CrsID=str(n)) for n in range(2, 2000)]).encode()
    broken = tmp_path / "broken.txt"
    broken.write_bytes(rows + "2019|12|Kö".encode("cp1252") + b"\r\n")
    code, summary = run_import(broken)
    assert code == 1
    [item] = summary["files"]
    assert item["status"] == "refused"
    assert (item["error_line"], item["error_column"]) == (2000, 10)
    assert Activity.objects.count() == 1 and Transaction.objects.count() == 2


def test_a_truncated_zip_changes_nothing(tmp_path):
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text([bulk_row()]), zipped=True)
    path.write_bytes(path.read_bytes()[:-30])
    code, summary = run_import(path)
    assert code == 1 and summary["files"][0]["status"] == "refused"
    assert "not a readable zip file" in summary["files"][0]["error"]
    assert not Activity.objects.exists()


def test_an_unknown_layout_is_refused_naming_the_missing_columns(tmp_path):
    code, summary = run_import(write(tmp_path, "x.csv", "Year,DonorName,Amount\n2019,x,1\n"))
    assert code == 1
    assert "needs crsid, purposecode, usdcommitment" in summary["files"][0]["error"]


def test_an_uploaded_crs_file_goes_through_the_worker(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    upload = SimpleUploadedFile(
        "CRS 2019 data.zip",
        write(tmp_path, "CRS 2019 data.txt", bulk_text([bulk_row()]), zipped=True).read_bytes(),
    )
    run = tasks.start_upload_import(upload, started_by="tester")
    assert run.upload.endswith(".zip")
    tasks.run_upload(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.COMPLETE
    record = ImportFile.objects.get(run=run)
    assert record.name == "CRS 2019 data.zip" and record.format.startswith("CRS bulk file")
    assert Activity.objects.filter(source="crs").count() == 1
    assert not ImportRejection.objects.exists()


def test_an_older_year_adds_its_rows_but_leaves_the_later_header(tmp_path):
    run_import(write(tmp_path, "CRS 2019 data.txt", bulk_text([bulk_row(Gender="2")])))
    older = bulk_row(Year="2018", ProjectTitle="Earlier title", Gender="0")
    code, summary = run_import(write(tmp_path, "CRS 2018 data.txt", bulk_text([older])))
    assert code == 0 and summary["created"] == 1  # a project-year no import had
    activity = Activity.objects.get()
    assert (activity.title, activity.gender_marker) == ("Girls' education in Turkana", 2)
    by_year = dict(
        activity.transactions.filter(type="3").values_list("source_year", "gender_marker")
    )
    assert by_year == {2018: 0, 2019: 2}  # each row keeps its own year's marker


def test_the_load_settings_are_undone_after_the_file_even_when_it_breaks(tmp_path):
    """A bigger SQLite page cache, a frozen heap and no automatic collector passes while a
    file loads, not after it."""
    import gc

    before, seen = cache_size(), []
    loader = crs_loader.CRSLoader("CRS 2019 data.txt")

    def rows():
        seen.append((cache_size(), gc.get_freeze_count() > 0, gc.isenabled()))
        raise RuntimeError("broken partway")
        yield  # a generator

    with pytest.raises(RuntimeError):
        loader.load(rows())
    expected = -LOAD_CACHE_KIB if connection.vendor == "sqlite" else None
    assert seen == [(expected, True, False)]
    assert cache_size() == before and gc.get_freeze_count() == 0 and gc.isenabled()
