"""The dashboard: filters in the query string, figures with charts, tables and downloads."""

from __future__ import annotations

import tempfile
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from parity.activities.exporting import export_activities
from parity.activities.models import Activity, Organisation
from parity.analytics import cache as analytics_cache
from parity.analytics import charts, coverage, exports, refresh, selectors
from parity.analytics import definitions as d
from parity.analytics.counting import ALL
from parity.analytics.filters import (
    DEFLATORS_COMMAND,
    DEFLATORS_DOCS,
    FilterError,
    Filters,
    MissingDeflatorsError,
    parse_filters,
)
from parity.analytics.lookups import latest_build, priority_areas, schemes
from parity.analytics.models import FigureBuild
from parity.analytics.shaping import table_json
from parity.commitments.models import Pillar
from parity.iati import codelists
from parity.pagekit import pagecache
from parity.pagekit.templatetags.parity import organisation_name
from parity.providers import GROUPS, provider_of_org

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bad_filter(request: HttpRequest, error: FilterError, *, page: bool) -> HttpResponse:
    if isinstance(error, MissingDeflatorsError):
        return _no_deflators(request, error, page=page)
    if not page:
        return JsonResponse({"error": str(error), "field": error.field}, status=400)
    context = {"error": error, **_form_context(Filters())}
    return render(request, "analytics/bad_filter.html", context, status=400)


def _no_deflators(
    request: HttpRequest, error: MissingDeflatorsError, *, page: bool
) -> HttpResponse:
    """Constant prices with nothing to compute them from: the page says what to load (it is
    missing data, not a bad request); the downloads answer 409 with the same in their body."""
    if not page:
        body = {
            "error": str(error),
            "field": error.field,
            "load": {"command": DEFLATORS_COMMAND, "documentation": DEFLATORS_DOCS},
        }
        return JsonResponse(body, status=409)
    current = request.GET.copy()
    for name in ("prices", "base_year", "deflator"):
        current.pop(name, None)
    context = {
        "error": error,
        "command": DEFLATORS_COMMAND,
        "docs": DEFLATORS_DOCS,
        "current_query": current.urlencode(),
        **_form_context(Filters()),
    }
    return render(request, "analytics/no_deflators.html", context)


def _form_context(filters: Filters) -> dict:
    pillars = Pillar.objects.select_related("framework").order_by("framework__name", "number")
    return {
        "filters": filters,
        "orgs": sorted(
            ((ref, organisation_name(ref, name)) for ref, name in _reporting_orgs()),
            key=lambda item: item[1].lower(),
        ),
        "countries": sorted(codelists.codes("Country").items(), key=lambda item: item[1]),
        "regions": sorted(codelists.codes("Region").items()),
        "sectors": sorted(codelists.codes("Sector").items()),
        "areas": priority_areas().items(),
        "pillars": [
            (f"{p.framework.slug}:{p.slug}", f"{gettext(p.framework.name)}: {gettext(p.name)}")
            for p in pillars
        ],
        "schemes": schemes(),
        "flow_types": sorted(codelists.codes("FlowType").items()),
        "provider_groups": [(k, gettext(v)) for k, v in GROUPS.items()]
        + [(ALL, gettext("all providers"))],
        "aid_types": sorted(codelists.codes("AidType").items()),
    }


def _reporting_orgs() -> list[tuple[str, str]]:
    # EXISTS walks the activity index once per organisation; a join with DISTINCT would read
    # every activity.
    reports = Activity.objects.filter(reporting_org=OuterRef("pk"))
    return list(
        Organisation.objects.filter(Exists(reports))
        .order_by("name", "ref")
        .values_list("ref", "name")
    )


def sample_included(filters: Filters) -> bool:
    """Whether the selection counts the synthetic sample data (its fictional agency's
    activities): then the page says so above the figures."""
    samples = Organisation.objects.filter(is_sample=True, reported_activities__isnull=False)
    for ref, org_type in samples.distinct().values_list("ref", "type"):
        if filters.reporting_org:
            if filters.reporting_org == ref:
                return True
        elif filters.provider_group in (ALL, provider_of_org(ref, org_type).group):
            return True
    return False


def _stale(build) -> bool:
    """Whether activities changed after the figures were built (then the page says so)."""
    if build is None:
        return Activity.objects.exists()
    latest = Activity.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return latest is not None and latest > build.built_at


def dashboard(request: HttpRequest) -> HttpResponse:
    build = latest_build()
    try:
        filters = parse_filters(request.GET, build)
    except FilterError as error:
        return _bad_filter(request, error, page=True)
    # Opened without filters on a default view that holds nothing, while the figures hold the
    # default group's ODA on another basis (the demo's CRS extract: disbursements at constant
    # prices): go there, so that the address names the basis shown. The API never moves.
    if not request.GET and build is not None:
        opening = coverage.opening_query(build.coverage, filters.provider_group)
        if opening is not None:
            return redirect(f"{request.path}?{urlencode(opening)}")
    query = request.GET.urlencode()
    # Keyed by the filters as parsed, so that the same view asked with its parameters in
    # another order (or an empty one) is one entry.
    content = pagecache.cached(
        "dashboard",
        (analytics_cache.filters_key(filters),),
        lambda: _dashboard_body(request, filters, query, build),
    )
    context = {"content": mark_safe(content), "refresh": refresh.refresh_state()}
    return render(request, "analytics/dashboard.html", context)


def _dashboard_body(
    request: HttpRequest, filters: Filters, query: str, build: FigureBuild | None
) -> str:
    sections = []
    tables = selectors.figure_tables(filters)
    basis = selectors.basis_of(filters, tables["sources"])
    for name, figure in d.FIGURES.items():
        table = tables[name]
        sections.append(
            {
                "figure": figure,
                "table": table,
                "chart": charts.figure_json(name, table, basis),
                "summary": charts.summary(name, table, basis),
                "query": query,
            }
        )
    stale = _stale(build)
    if stale:  # changed behind the signals' back (the admin, raw SQL): rebuild all the same
        refresh.refresh_request("dashboard found stale figures")
    constant = request.GET.copy()
    constant["prices"] = "constant"
    context = {
        "sections": sections,
        "basis": basis,
        "constant_query": constant.urlencode(),
        "build": build,
        "coverage": [
            (coverage.describe(part), urlencode(coverage.query(part)))
            for part in (build.coverage if build else [])
        ],
        "stale": stale,
        "sample": sample_included(filters),
        "query": query,
        **_form_context(filters),
    }
    return render_to_string("analytics/dashboard_body.html", context, request)


def figures_json(request: HttpRequest) -> HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return _bad_filter(request, error, page=False)
    return JsonResponse(selectors.figures(filters))


def figure_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in d.FIGURES:
        known = ", ".join(d.FIGURES)
        return HttpResponse(f"There is no figure {name!r} (figures: {known}).", status=404)
    if fmt not in ("csv", "xlsx", "json"):
        return HttpResponse("Download a figure as csv, xlsx or json.", status=404)
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return _bad_filter(request, error, page=False)
    figure = d.FIGURES[name]
    basis = selectors.basis_of(filters)
    table = selectors.figure_table(filters, name)
    money_basis = basis if figure.money else None
    if fmt == "json":
        return JsonResponse(table_json(name, table, basis))
    stamp = timezone.now().strftime("%Y%m%d")
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(table, money_basis), content_type="text/csv")
    else:
        notes = [figure.title, figure.definition]
        if money_basis:
            notes.append(f"Basis: {basis.describe()}")
        notes.append(f"Filters: {request.GET.urlencode() or 'none'}")
        notes.append(f"Not converted (left out): {table.unconverted} transactions")
        if table.no_current:
            notes.append(
                f"Left out at current prices: {table.no_current} CRS rows whose file gives "
                "constant-price amounts only (no current amount); they count at constant prices"
            )
        response = HttpResponse(exports.to_xlsx(name, table, money_basis, notes), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


def activities_xml(request: HttpRequest) -> HttpResponse:
    """The filtered activities as IATI 2.03 XML (spooled to disk: the set can be large)."""
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return _bad_filter(request, error, page=False)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    export_activities(selectors.filtered_activities(filters), out)
    out.seek(0)
    stamp = datetime.now().strftime("%Y%m%d")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"parity-activities-{stamp}.xml",
        content_type="application/xml",
    )
