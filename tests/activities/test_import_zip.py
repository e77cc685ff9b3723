"""A zip of IATI files uploaded on the web: recognised by what its members hold, imported file by
file into one run through the background worker's path, and refused whole when unsafe."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import TestCase
from huey.contrib.djhuey import HUEY
from lxml import etree

from parity.activities import iati_zip, tasks
from parity.activities.models import Activity, ImportFile, ImportRun
from tests.activities.iati_files import SHARED

REAL = SHARED / "iati" / "real"
CD = REAL / "IATI-Datastore/iatilib-test-fixtures/CD.xml"
DPORTAL = REAL / "D-Portal/dflat-downloads/activities.xml"
DFID = REAL / "IATI-Datastore/iatilib-test-fixtures/complex_example_dfid.xml"


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    """The worker's path, run inside the test (test_worker.py runs the real worker)."""
    settings.DATA_DIR = tmp_path
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def transactions_by_activity(*paths: Path) -> Counter:
    """Each activity's transactions, counted with plain lxml (not Parity's reader)."""
    counts: Counter = Counter()
    for path in paths:
        for element in etree.parse(str(path)).getroot().iter("iati-activity"):
            counts[element.findtext("iati-identifier").strip()] = len(
                element.findall("transaction")
            )
    return counts


def upload(name: str, content: bytes) -> ImportRun:
    # Queued when the request's transaction commits: in these tests, at once.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return tasks.start_upload_import(SimpleUploadedFile(name, content), "editor")


# Committed for real: on PostgreSQL the zip's files go to worker processes, which must see the run.
@pytest.mark.django_db(transaction=True)
def test_a_zip_of_real_iati_files_is_imported_file_by_file_into_one_run(tmp_path):
    content = zip_of(
        {
            "CD.xml": CD.read_bytes(),
            "d-portal/activities.xml": DPORTAL.read_bytes(),
            "complex_example_dfid.xml": DFID.read_bytes(),
            "__MACOSX/._CD.xml": b"\x00\x05\x16\x07 resource fork",
        }
    )
    run = upload("bundle.zip", content)
    run.refresh_from_db()
    assert run.status == ImportRun.COMPLETE, run.message
    assert run.upload.endswith(tasks.IATI_ZIP)
    files = dict(run.files.values_list("name", "status"))
    assert files == {
        "bundle.zip/CD.xml": ImportFile.IMPORTED,
        "bundle.zip/complex_example_dfid.xml": ImportFile.IMPORTED,
        "bundle.zip/d-portal/activities.xml": ImportFile.IMPORTED,
    }
    expected = transactions_by_activity(CD, DPORTAL, DFID)
    found = dict(
        Activity.objects.annotate(n=Count("transactions")).values_list("iati_identifier", "n")
    )
    assert found == dict(expected)
    assert run.created == len(expected)
    assert run.bytes_read == run.bytes_total == sum(p.stat().st_size for p in (CD, DPORTAL, DFID))
    assert run.activities_read == len(expected)
    assert Activity.objects.filter(source_file="bundle.zip/CD.xml").count() == len(
        transactions_by_activity(CD)
    )
    assert not list((tmp_path / "uploads").glob("*.files"))  # unpacked files removed


@pytest.mark.django_db
def test_a_member_that_is_not_iati_is_refused_and_the_others_import():
    run = upload("mixed.zip", zip_of({"CD.xml": CD.read_bytes(), "notes.txt": b"not XML"}))
    run.refresh_from_db()
    assert run.status == ImportRun.INCOMPLETE
    files = {record.name: record for record in run.files.all()}
    assert files["mixed.zip/CD.xml"].status == ImportFile.IMPORTED, files["mixed.zip/CD.xml"].error
    assert files["mixed.zip/notes.txt"].status == ImportFile.REFUSED
    assert files["mixed.zip/notes.txt"].error


def bomb() -> dict[str, bytes]:
    return {"a.xml": CD.read_bytes(), "zeros.xml": b"<iati-activities>" + b" " * (8 << 20)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"../escape.xml": CD.read_bytes()}, "outside the import folder"),
        ({"/etc/escape.xml": CD.read_bytes()}, "outside the import folder"),
        ({"C:/escape.xml": CD.read_bytes()}, "outside the import folder"),
        ({"ok.xml": CD.read_bytes(), "a/../../up.xml": b"<x/>"}, "outside the import folder"),
        (bomb(), "a zip bomb"),
        ({f"{n}.xml": CD.read_bytes()[:5000] for n in range(4)}, "more than the 3 accepted"),
    ],
    ids=["dot-dot", "absolute", "drive", "nested-dot-dot", "bomb", "too-many"],
)
def test_an_unsafe_zip_is_refused_whole_with_the_reason(monkeypatch, tmp_path, members, reason):
    monkeypatch.setattr(iati_zip, "MAX_MEMBERS", 3)
    with pytest.raises(tasks.UploadError) as refused:
        upload("bad.zip", zip_of(members))
    assert refused.value.status == 400
    assert reason in refused.value.message
    run = ImportRun.objects.get()
    assert run.status == ImportRun.INCOMPLETE
    assert reason in run.files.get().error
    assert not Activity.objects.exists()
    assert not (tmp_path / "uploads").exists()  # nothing stored, nothing unpacked


@pytest.mark.django_db
def test_a_zip_over_the_unpacked_limit_is_refused(monkeypatch, settings):
    settings.PARITY_UPLOAD_MAX_MB = 1
    monkeypatch.setattr(iati_zip, "MAX_UNPACKED_FACTOR", 1)
    members = {"a.xml": CD.read_bytes(), "b.xml": CD.read_bytes()}  # 2.2 MB unpacked
    with pytest.raises(tasks.UploadError, match="more than 1 times the upload limit"):
        upload("big.zip", zip_of(members))


@pytest.mark.django_db
def test_a_symbolic_link_in_a_zip_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("CD.xml", CD.read_bytes())
        link = zipfile.ZipInfo("link.xml")
        link.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(tasks.UploadError, match="symbolic link"):
        upload("link.zip", out.getvalue())


def test_a_zip_without_iati_files_is_left_to_the_crs_reader():
    crs = zip_of({"CRS 2019 data.txt": b"crsid|donorcode\n1|2\n"})
    assert not iati_zip.holds_iati(io.BytesIO(crs))
    assert iati_zip.holds_iati(io.BytesIO(zip_of({"x/CD.xml": CD.read_bytes()})))
