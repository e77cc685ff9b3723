from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parity.commitments.models import Event, Framework, Pillar, Pledge
from parity.web.pages import page_or_404, query_without

PAGE_SIZE = 50


def pledge_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    pledges = Pledge.objects.select_related("event", "framework").prefetch_related("output_targets")
    if q:
        pledges = pledges.filter(Q(title__icontains=q) | Q(description__icontains=q))
    page = page_or_404(Paginator(pledges, PAGE_SIZE), request.GET)
    return render(
        request,
        "commitments/pledge_list.html",
        {"page": page, "q": q, "query_without_page": query_without(request.GET, "page")},
    )


def pledge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pledge = get_object_or_404(
        Pledge.objects.select_related("event", "framework").prefetch_related(
            "output_targets", "pillars__framework"
        ),
        slug=slug,
    )
    scope = pledge.scope_activities.select_related("reporting_org").order_by("iati_identifier")
    return render(
        request, "commitments/pledge_detail.html", {"pledge": pledge, "scope_activities": scope}
    )


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.annotate(
        pillar_count=Count("pillars", distinct=True), pledge_count=Count("pledges", distinct=True)
    )
    return render(request, "commitments/framework_list.html", {"frameworks": frameworks})


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug)
    pillars = (
        Pillar.objects.filter(framework=framework)
        .annotate(activity_count=Count("tags", distinct=True))
        .prefetch_related("pledges")
    )
    return render(
        request,
        "commitments/framework_detail.html",
        {"framework": framework, "pillars": pillars, "pledges": framework.pledges.all()},
    )


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.annotate(pledge_count=Count("pledges"))
    series = request.GET.get("series", "").strip()
    if series:
        events = events.filter(series=series)
    all_series = Event.objects.exclude(series="").values_list("series", flat=True).distinct()
    return render(
        request,
        "commitments/event_list.html",
        {"events": events, "series": series, "all_series": sorted(set(all_series))},
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    pledges = event.pledges.prefetch_related("output_targets")
    documents = [line for line in event.outcome_documents.splitlines() if line.strip()]
    return render(
        request,
        "commitments/event_detail.html",
        {"event": event, "pledges": pledges, "documents": documents},
    )
