from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from parity.commitments import charts, exports, pdf, selectors, stored_progress
from parity.commitments.models import Event, Framework, Pledge
from parity.commitments.report_header import data_date, report_organisation
from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.money_rows import MONEY_REASONS, StaleSnapshotError
from parity.commitments.tracking.pledge import pledge_report
from parity.pagekit import pagecache
from parity.pagekit.pages import page_or_404, query_without
from parity.progress import STATUS_RULES

PAGE_SIZE = 50
EVIDENCE_PAGE_SIZE = 100
PLEDGE_PAGE_PARAMETERS = ("evidence_page", "excluded", "excluded_page")


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


class EvidencePages(Sequence):
    """A money report's evidence, built a page at a time for the paginator."""

    def __init__(self, report: MoneyReport) -> None:
        self.report = report

    def __len__(self) -> int:
        return self.report.count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.report.evidence(index.start or 0, index.stop)
        return self.report.evidence(index, index + 1)[0]


def pledge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.only("slug", "title"), slug=slug)
    # Only the parameters the page reads select it: other ones neither split the cache nor
    # reach its links.
    params = QueryDict(mutable=True)
    for name in PLEDGE_PAGE_PARAMETERS:
        if name in request.GET:
            params[name] = request.GET[name]
    body = pagecache.cached(
        "pledge",
        (slug, params.urlencode()),
        lambda: _recomputed_when_stale(pledge, lambda: _pledge_body(request, slug, params)),
    )
    context = {"pledge": pledge, "content": mark_safe(body["content"]), "chart": body["chart"]}
    return render(request, "commitments/pledge_detail.html", context)


def _recomputed_when_stale(pledge: Pledge, respond: Callable[[], Any]) -> Any:
    """``respond()``, again from recomputed progress if its stored evidence turns out to be
    out of date (only after transactions were changed behind the ORM; see snapshots)."""
    try:
        return respond()
    except StaleSnapshotError:
        stored_progress.forget(pledge)
        return respond()


def _pledge_body(request: HttpRequest, slug: str, params: QueryDict) -> dict[str, Any]:
    """The page's main part, and whether it has a chart (the page then loads plotly)."""
    pledge = selectors.pledges().get(slug=slug)
    report = pledge_report(pledge)
    excluded_key = params.get("excluded", "")
    if excluded_key and excluded_key not in MONEY_REASONS:
        raise Http404("No such reason.")
    context: dict[str, Any] = {
        "pledge": pledge,
        "report": report,
        "status_rules": STATUS_RULES,
        "excluded_key": excluded_key,
        "excluded_label": MONEY_REASONS.get(excluded_key, ""),
    }
    if report.money:
        context["evidence"] = page_or_404(
            Paginator(EvidencePages(report.money), EVIDENCE_PAGE_SIZE),
            _renamed(params, "evidence_page"),
        )
        context["chart"] = charts.progress_figure(report.money)
        context["evidence_query"] = query_without(params, "evidence_page")
        if excluded_key:
            rows = selectors.excluded_rows(pledge, report.money, excluded_key)
            context["excluded"] = page_or_404(
                Paginator(rows, EVIDENCE_PAGE_SIZE), _renamed(params, "excluded_page")
            )
            context["excluded_query"] = query_without(params, "excluded_page")
    context["listed"] = pledge.scope_activities.select_related("reporting_org")[:100]
    content = render_to_string("commitments/pledge_detail_body.html", context, request)
    return {"content": content, "chart": bool(context.get("chart"))}


def _renamed(params: Any, name: str) -> dict[str, str]:
    """page_or_404 reads "page"; a page with two paginated tables names them apart."""
    return {"page": params.get(name, "1")}


def pledge_evidence(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Evidence downloads are CSV or XLSX.")
    pledge = get_object_or_404(selectors.pledges(), slug=slug)
    return _recomputed_when_stale(pledge, lambda: _evidence_file(pledge, kind, fmt))


def _evidence_file(pledge: Pledge, kind: str, fmt: str) -> HttpResponse:
    report = pledge_report(pledge)
    if kind == "money" and report.money:
        headers, rows = exports.money_table(report.money, pledge)
    else:
        output = next((o for o in report.outputs if o.kind == kind), None)
        if output is None:
            raise Http404("This pledge has no such figure.")
        headers, rows = exports.output_table(output)
    filename = f"{pledge.slug}-{kind}-evidence.{fmt}"
    if fmt == "csv":
        # With a byte-order mark, as every download from a page (docs/api.md): spreadsheet
        # programs then read the Japanese and Thai headers as UTF-8.
        response = HttpResponse(
            "\ufeff" + exports.to_csv(headers, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.to_xlsx(kind, headers, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.annotate(
        pillar_count=Count("pillars", distinct=True), pledge_count=Count("pledges", distinct=True)
    )
    return render(request, "commitments/framework_list.html", {"frameworks": frameworks})


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug)
    return render(request, "commitments/framework_detail.html", selectors.framework_page(framework))


def framework_report(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    framework = get_object_or_404(Framework, slug=slug)
    reports = [pledge_report(p) for p in selectors.pledges().filter(framework=framework)]
    return _report(request, framework, "framework", reports, fmt)


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
    documents = [line for line in event.outcome_documents.splitlines() if line.strip()]
    reports = [pledge_report(p) for p in selectors.pledges().filter(event=event)]
    return render(
        request,
        "commitments/event_detail.html",
        {"event": event, "reports": reports, "documents": documents},
    )


def event_report(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    reports = [pledge_report(p) for p in selectors.pledges().filter(event=event)]
    return _report(request, event, "event", reports, fmt)


def _report(
    request: HttpRequest, subject: Framework | Event, kind: str, reports: list, fmt: str
) -> HttpResponse:
    """The printable progress report of a framework's or an event's pledges, as a page or PDF."""
    context = {
        "subject": subject,
        "kind": kind,
        "reports": reports,
        "rules": STATUS_RULES,
        "organisation": report_organisation(subject, reports),
        "data_date": data_date(),
    }
    if fmt != "pdf":
        return render(request, "commitments/report.html", context)
    html = render_to_string("commitments/report.html", context, request)
    try:
        document = pdf.html_to_pdf(html)
    except pdf.PdfUnavailableError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{subject.slug}-progress-{stamp}.pdf"'
    return response
