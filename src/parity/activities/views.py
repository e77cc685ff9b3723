from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from parity import roles
from parity.activities import (
    codes,
    crs_facts,
    list_export,
    pickers,
    presenting,
    selectors,
    tasks,
)
from parity.activities.importer import mark_abandoned_runs
from parity.activities.models import Activity, ImportRun
from parity.pagekit import pagecache
from parity.pagekit.pages import page_or_404, query_without

PAGE_SIZE = 50


def _criteria(params) -> selectors.ActivityFilter:
    return selectors.ActivityFilter(
        q=params.get("q", "").strip()[:200],
        reporting_org=params.get("reporting_org", "").strip(),
        country=params.get("country", "").strip().upper()[:3],
        sector=params.get("sector", "").strip()[:10],
        marker=params.get("marker", ""),
        status=params.get("status", ""),
        sample=params.get("sample", ""),
        sort=params.get("sort", "")[:20],
    )


def activity_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    criteria = _criteria(params)
    page = page_or_404(Paginator(selectors.activity_list(criteria), PAGE_SIZE), params)
    presenting.mark_crs_years(list(page))
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "criteria": criteria,
            "pickers": pickers.options(),
            "statuses": codes.ACTIVITY_STATUSES.items(),
            "status_names": codes.ACTIVITY_STATUSES,
            "columns": pickers.sort_links(params, criteria.sort),
            "query_without_page": query_without(params, "page"),
            "export_query": query_without(params, "page"),
        },
    )


def activity_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The filtered list, every row, as CSV or XLSX."""
    activities = selectors.activity_list(_criteria(request.GET))
    return list_export.as_xlsx(activities) if kind == "xlsx" else list_export.as_csv(activities)


def activity_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    activity = Activity.objects.filter(iati_identifier=identifier).only("iati_identifier").first()
    if activity is None:
        raise Http404(f"No activity with the identifier {identifier!r}.")
    content = pagecache.cached(
        "activity", (identifier,), lambda: _activity_body(request, identifier)
    )
    context = {"activity": activity, "content": mark_safe(content)}
    return render(request, "activities/detail.html", context)


def _activity_body(request: HttpRequest, identifier: str) -> str:
    activity = selectors.activity_detail(identifier)
    presenting.mark_crs_years([activity])
    # Indicators numbered through all results, as `parity feed-result` and the protection
    # statistics page address them.
    number = 0
    for result in activity.results.all():
        for indicator in result.indicators.all():
            number += 1
            indicator.number = number
            indicator.rows = presenting.result_rows(indicator)
    context = {
        "activity": activity,
        "transaction_types": codes.TRANSACTION_TYPES,
        "statuses": codes.ACTIVITY_STATUSES,
        "result_types": codes.RESULT_TYPES,
        "measures": codes.INDICATOR_MEASURES,
        "related_types": codes.RELATED_ACTIVITY_TYPES,
        **presenting.context(activity),
        **crs_facts.context(activity),
    }
    return render_to_string("activities/detail_body.html", context, request)


def import_list(request: HttpRequest) -> HttpResponse:
    mark_abandoned_runs()
    runs = ImportRun.objects.annotate(file_count=Count("files")).order_by("-started_at", "-id")
    page = page_or_404(Paginator(runs, PAGE_SIZE), request.GET)
    return render(
        request,
        "activities/import_list.html",
        {
            "page": page,
            "query_without_page": query_without(request.GET, "page"),
            "may_upload": roles.can(request.user, roles.EDIT),
        },
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # A run whose worker died shows as failed (and retryable) as soon as someone looks at it.
    mark_abandoned_runs()
    run = get_object_or_404(ImportRun, pk=pk)
    files = list(run.files.prefetch_related("rejections"))
    for file in files:
        file.written = {
            kind: (activities[: selectors.RUN_LISTED], activities.count())
            for kind, activities in selectors.run_activities(run, file.name).items()
        }
        if file.with_notes:
            noted = selectors.noted_activities(file.name)
            file.noted = (noted[: selectors.RUN_LISTED], noted.count())
    may_edit = roles.can(request.user, roles.EDIT)
    return render(
        request,
        "activities/import_detail.html",
        {
            "run": run,
            "files": files,
            "running": run.status == ImportRun.RUNNING,
            "may_retry": may_edit and run.status == ImportRun.FAILED and bool(run.upload),
            "sees_people": roles.sees_people(request.user),
            # A CRS file's counts are project-years (one row per project and year), not
            # activities; only CRS files record the layout they were read as.
            "counts_project_years": any(file.format for file in files),
        },
    )


def _require_edit(request: HttpRequest) -> None:
    if not roles.can(request.user, roles.EDIT):
        raise PermissionDenied(
            gettext(
                "Importing files needs the editor role (or above); ask an administrator for one."
            )
        )


def _upload_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "activities/import_upload.html",
        {"error": error, "limit_mb": settings.PARITY_UPLOAD_MAX_MB},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload an IATI file; the worker imports it and the run page follows its progress."""
    _require_edit(request)
    if request.method == "GET":
        return _upload_page(request)
    # Refuse an announced oversize body before Django reads it to disk (the multipart framing
    # adds a little, hence the margin); store_upload counts again what really arrives.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > tasks.upload_limit_bytes() + 64 * 1024:
        return _upload_page(request, str(tasks.too_large()), status=413)
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_page(request, gettext("Choose an IATI or CRS file to upload."), status=400)
    try:
        run = tasks.start_upload_import(upload, started_by=request.user.get_username())
    except tasks.UploadError as error:
        return _upload_page(request, error.message, status=error.status)
    return redirect("import-detail", pk=run.pk)


@login_required
@require_POST
def import_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_edit(request)
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        tasks.retry_import(run)
    except tasks.UploadError as error:
        return render(
            request,
            "activities/import_detail.html",
            {
                "run": run,
                "files": run.files.all(),
                "retry_error": error.message,
                "sees_people": roles.sees_people(request.user),
            },
            status=error.status,
        )
    return redirect("import-detail", pk=run.pk)
