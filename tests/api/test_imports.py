"""Uploads in the browser and through the API: queued, imported, reported; bad files refused
with a clear message and a 4xx; a failed run retried to completion."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parity.activities.models import Activity, ImportFile, ImportRun
from parity.iati.writer import write_activities
from parity.sample import generate_portfolio
from tests.api.conftest import client_as


def iati_bytes(n: int = 5) -> bytes:
    out = io.BytesIO()
    write_activities(generate_portfolio(n, seed=3), out)
    return out.getvalue()


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def browser(users) -> Client:
    client = Client()
    client.force_login(users["editor"])
    return client


def upload(client: Client, content: bytes, name: str = "portfolio.xml"):
    return client.post("/imports/upload/", {"file": SimpleUploadedFile(name, content)})


def test_an_upload_is_imported_and_reported(browser, data_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(browser, iati_bytes(5))
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/"
    assert run.status == ImportRun.COMPLETE
    assert (run.created, run.attempts, run.upload_name) == (5, 1, "portfolio.xml")
    assert run.bytes_read == run.bytes_total > 0
    assert run.activities_read == 5
    assert ImportFile.objects.get().name == "portfolio.xml"
    assert Activity.objects.count() == 5
    assert (data_dir / run.upload).is_file()
    page = browser.get(response["Location"])
    assert b"portfolio.xml" in page.content
    assert b"http-equiv" not in page.content  # finished: no more refreshing


def test_a_running_import_page_refreshes_with_and_without_javascript(browser, data_dir):
    run = ImportRun.objects.create(upload="uploads/x.xml", upload_name="x.xml", bytes_total=10)
    html = browser.get(f"/imports/{run.pk}/").content.decode()
    assert '<noscript><meta http-equiv="refresh"' in html
    assert f'data-progress-url="/api/imports/{run.pk}"' in html
    assert "import_progress.js" in html
    assert "Queued: waiting for the worker" in html
    status = Client().get(f"/api/imports/{run.pk}").json()
    assert (status["status"], status["status_label"]) == (
        "running",
        "Queued: waiting for the worker",
    )


def test_a_file_that_is_not_xml_is_refused_and_recorded(browser, data_dir):
    response = upload(browser, b"%PDF-1.7 not an IATI file", "report.pdf")
    assert response.status_code == 415
    assert b"not an XML file" in response.content
    run = ImportRun.objects.get()
    assert run.status == ImportRun.INCOMPLETE
    assert run.files.get().status == ImportFile.REFUSED


def test_xml_that_is_not_iati_is_refused_by_the_import(
    browser, data_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(browser, b"<?xml version='1.0'?><html><body/></html>", "page.xml")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.INCOMPLETE
    file = run.files.get()
    assert file.status == ImportFile.REFUSED
    assert file.error


def test_a_file_over_the_limit_is_a_413(browser, data_dir, settings):
    settings.PARITY_UPLOAD_MAX_MB = 1
    response = upload(browser, b"<" + b" " * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert b"upload limit of 1 MB" in response.content
    assert not ImportRun.objects.exists()
    assert not list((data_dir / "uploads").glob("*")) if (data_dir / "uploads").exists() else True


def test_a_missing_file_is_a_400(browser, data_dir):
    response = browser.post("/imports/upload/", {})
    assert response.status_code == 400


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("outsider", 403)])
def test_uploading_needs_the_editor_role(users, data_dir, role, status):
    client = Client()
    client.force_login(users[role])
    assert client.get("/imports/upload/").status_code == status


def test_uploading_needs_a_login(db):
    response = Client().get("/imports/upload/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_starts_an_import(tokens, data_dir, django_capture_on_commit_callbacks):
    client = client_as(tokens, "editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/imports", {"file": SimpleUploadedFile("a.xml", iati_bytes(3))})
    assert response.status_code == 202
    run_id = response.json()["id"]
    status = client.get(f"/api/imports/{run_id}").json()
    assert status["status"] == "complete"
    assert status["files"][0]["created"] == 3
    listed = client.get("/api/imports").json()
    assert [r["id"] for r in listed["items"]] == [run_id]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF")}, None, 415, "file"),
        ({}, None, 400, "file"),
        ("{}", "application/json", 415, "file"),
    ],
)
def test_the_api_refuses_bad_uploads(tokens, data_dir, body, content_type, status, field):
    client = client_as(tokens, "editor")
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post("/api/imports", body, **kwargs)
    assert response.status_code == status
    assert response.json()["field"] == field


def test_the_api_refuses_a_file_over_the_limit(tokens, data_dir, settings):
    settings.PARITY_UPLOAD_MAX_MB = 1
    client = client_as(tokens, "editor")
    big = SimpleUploadedFile("big.xml", b"<" + b" " * (2 * 1024 * 1024))
    response = client.post("/api/imports", {"file": big})
    assert response.status_code == 413
    assert "PARITY_UPLOAD_MAX_MB" in response.json()["message"]


def test_a_run_whose_worker_died_shows_failed_and_retries_to_completion(
    browser, tokens, data_dir, django_capture_on_commit_callbacks
):
    # A stored upload, and a run that a worker (long gone: no such process) had claimed.
    (data_dir / "uploads").mkdir()
    (data_dir / "uploads" / "f.xml").write_bytes(iati_bytes(4))
    run = ImportRun.objects.create(
        upload="uploads/f.xml", upload_name="f.xml", pid=2**22 + 12345, attempts=1
    )
    page = browser.get(f"/imports/{run.pk}/")
    run.refresh_from_db()
    assert run.status == ImportRun.FAILED
    assert b">Retry<" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/imports/{run.pk}/retry/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.created, run.attempts) == (ImportRun.COMPLETE, 4, 2)
    assert run.message.startswith("Retried after: The import process stopped")
    # A complete run is not retried again.
    response = client_as(tokens, "editor").post(f"/api/imports/{run.pk}/retry")
    assert response.status_code == 409
    assert response.json()["field"] == "status"


def test_a_run_without_a_stored_file_cannot_be_retried(tokens, data_dir):
    run = ImportRun.objects.create(status=ImportRun.FAILED, pid=None)
    response = client_as(tokens, "editor").post(f"/api/imports/{run.pk}/retry")
    assert response.status_code == 409
    assert response.json()["field"] == "upload"


def test_viewers_do_not_see_the_retry_button(users, data_dir):
    run = ImportRun.objects.create(status=ImportRun.FAILED, upload="uploads/x.xml")
    client = Client()
    client.force_login(users["viewer"])
    assert b">Retry<" not in client.get(f"/imports/{run.pk}/").content
    assert client.post(f"/imports/{run.pk}/retry/").status_code == 403
