"""Imports: start one from an uploaded IATI file, follow its progress, read its report, retry
a failed one. The worker does the import (parity.activities.tasks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.responses import codes_4xx

from parity import roles
from parity.activities import tasks
from parity.activities.importer import iter_summary, mark_abandoned_runs
from parity.activities.models import ImportRun
from parity.api.auth import read_auth, require, token_auth
from parity.api.common import limit_param, offset_param, page_of
from parity.api.errors import ApiError, ErrorOut


class RejectionOut(Schema):
    line: int | None
    identifier: str
    element: str
    reason: str


class FileOut(Schema):
    file: str
    sha256: str
    status: str
    error: str
    error_line: int | None
    error_column: int | None
    created: int
    updated: int
    unchanged: int
    with_notes: int = Field(description="Activities kept with data-quality notes")
    rejected: list[RejectionOut]
    duplicates: list[str]
    disappeared: list[str]


class ImportSummary(Schema):
    id: int
    status: str
    status_label: str
    started_at: datetime
    finished_at: datetime | None
    started_by: str | None = Field(
        description="Who started the run; null unless the caller has a role (staff)"
    )
    upload_name: str
    attempts: int
    bytes_total: int
    bytes_read: int
    activities_read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    with_notes: int = Field(
        description="Activities kept with a data-quality note on a part (GET /api/data-notes)"
    )
    message: str
    retryable: bool


class ImportDetail(ImportSummary):
    files: list[FileOut]


class ImportPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ImportSummary]


def run_out(run: ImportRun, user: Any, files: bool = False) -> dict:
    queued = run.status == ImportRun.RUNNING and run.pid is None
    out = {
        "id": run.pk,
        "status": run.status,
        "status_label": "Queued: waiting for the worker" if queued else run.get_status_display(),
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "started_by": run.started_by if roles.sees_people(user) else None,
        "upload_name": run.upload_name,
        "attempts": run.attempts,
        "bytes_total": run.bytes_total,
        "bytes_read": run.bytes_read,
        "activities_read": run.activities_read,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "with_notes": run.with_notes,
        "message": run.message,
        "retryable": run.status == ImportRun.FAILED and bool(run.upload),
    }
    if files:
        out["files"] = list(iter_summary(run))
    return out


def run_or_404(pk: int) -> ImportRun:
    mark_abandoned_runs()
    try:
        return ImportRun.objects.get(pk=pk)
    except ImportRun.DoesNotExist:
        raise ApiError(f"No import {pk}.", "id", 404) from None


router = Router(tags=["imports"])

UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}


@router.get(
    "/imports",
    response={200: ImportPage, codes_4xx: ErrorOut},
    auth=read_auth,
    summary="Import runs",
)
def list_imports(request: HttpRequest, limit: int = limit_param(), offset: int = offset_param()):
    mark_abandoned_runs()
    runs = ImportRun.objects.order_by("-started_at", "-id")
    return page_of(runs, limit, offset, "runs", each=lambda run: run_out(run, request.auth))


@router.get(
    "/imports/{int:pk}",
    response={200: ImportDetail, codes_4xx: ErrorOut},
    auth=read_auth,
    url_name="import_status",
    summary="One import: progress while it runs, its report at the end",
)
def get_import(request: HttpRequest, pk: int):
    return run_out(run_or_404(pk), request.auth, files=True)


@router.post(
    "/imports",
    response={202: ImportDetail, codes_4xx: ErrorOut},
    auth=token_auth,
    openapi_extra={"requestBody": UPLOAD_BODY},
    summary="Upload an IATI file to import (editor)",
)
def start_import(request: HttpRequest):
    """Queue the import of an uploaded IATI activity file (multipart field ``file``). Answers
    202 with the run to follow at GET /api/imports/{id}. Too large: 413. Not XML: 415."""
    require(request.auth, roles.EDIT, "import files")
    # Checked before the body is parsed, so an oversize upload is not first written to disk.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > tasks.upload_limit_bytes() + 64 * 1024:
        raise tasks.too_large()
    if not (request.content_type or "").startswith("multipart/form-data"):
        raise ApiError("Send the file as multipart/form-data, in the field 'file'.", "file", 415)
    upload = request.FILES.get("file")
    if upload is None:
        raise ApiError("No file: send it in the multipart field 'file'.", "file", 400)
    run = tasks.start_upload_import(upload, started_by=request.auth.get_username())
    return Status(202, run_out(run, request.auth, files=True))


@router.post(
    "/imports/{int:pk}/retry",
    response={202: ImportDetail, codes_4xx: ErrorOut},
    auth=token_auth,
    summary="Retry a failed upload's import (editor)",
)
def retry_import(request: HttpRequest, pk: int):
    require(request.auth, roles.EDIT, "import files")
    run = tasks.retry_import(run_or_404(pk))
    return Status(202, run_out(run, request.auth, files=True))
