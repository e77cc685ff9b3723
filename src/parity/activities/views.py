from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parity.activities import codes, selectors
from parity.activities.models import Activity, ImportRun, Organisation
from parity.web.pages import page_or_404, query_without

PAGE_SIZE = 50


def activity_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    criteria = selectors.ActivityFilter(
        q=params.get("q", "").strip()[:200],
        reporting_org=params.get("reporting_org", "").strip(),
        country=params.get("country", "").strip().upper()[:3],
        sector=params.get("sector", "").strip()[:10],
        marker=params.get("marker", ""),
        status=params.get("status", ""),
        sample=params.get("sample", ""),
    )
    page = page_or_404(Paginator(selectors.activity_list(criteria), PAGE_SIZE), params)
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "criteria": criteria,
            "organisations": Organisation.objects.filter(reported_activities__isnull=False)
            .distinct()
            .order_by("name"),
            "statuses": codes.ACTIVITY_STATUSES.items(),
            "query_without_page": query_without(params, "page"),
        },
    )


def activity_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    try:
        activity = selectors.activity_detail(identifier)
    except Activity.DoesNotExist:
        raise Http404(f"No activity with the identifier {identifier!r}.") from None
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "transaction_types": codes.TRANSACTION_TYPES,
            "date_types": codes.ACTIVITY_DATE_TYPES,
            "roles": codes.ORGANISATION_ROLES,
        },
    )


def import_list(request: HttpRequest) -> HttpResponse:
    runs = ImportRun.objects.annotate(file_count=Count("files")).order_by("-started_at", "-id")
    page = page_or_404(Paginator(runs, PAGE_SIZE), request.GET)
    return render(
        request,
        "activities/import_list.html",
        {"page": page, "query_without_page": query_without(request.GET, "page")},
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    files = run.files.prefetch_related("rejections")
    return render(request, "activities/import_detail.html", {"run": run, "files": files})
