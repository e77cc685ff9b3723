"""The statistics page (de-identified, suppressed counts) and feeding one of its figures into an
aid activity's result."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parity import roles
from parity.protection import audit, conf, forms, results, services
from parity.protection.audit import Actor
from parity.protection.core import access
from parity.protection.services import statistics as stats
from parity.protection.views import stat_words
from parity.protection.views.common import invalid, protection_view


@protection_view
@require_GET
def statistics(request: HttpRequest, actor: Actor) -> HttpResponse:
    services.require_agency(actor, access.STATS)
    measure = request.GET.get("measure", "cases")
    dimension = request.GET.get("by", "sex")
    if measure not in stats.MEASURES or dimension not in stats.dimensions_of(measure):
        raise Http404(_("Unknown measure or dimension (contacts: by exploitation or year)."))
    year_text = request.GET.get("year", "").strip()
    if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
        raise Http404(_("The year must be a year such as 2025."))
    year = int(year_text) if year_text else None
    if "year" not in request.GET:  # opened from the menu: the latest year with data
        year = stats.latest_year(measure)
    audit.record(actor, "stats.read", "", note=f"{measure} by {dimension} {year or ''}".strip())
    table = stats.table(measure, dimension, year)
    rows = [
        (key, stat_words.cell_word(dimension, key), value) for key, value in table.cells.items()
    ]
    return render(
        request,
        "protection/statistics.html",
        {
            "table": table,
            "rows": rows,
            "chart": stat_words.chart(table, rows),
            "measures": [(m, stat_words.MEASURE_WORDS[m]) for m in stats.MEASURES],
            "dimensions": [(d, stat_words.DIMENSION_WORDS[d]) for d in stats.DIMENSIONS],
            "measure_word": stat_words.MEASURE_WORDS[measure],
            "dimension_word": stat_words.DIMENSION_WORDS[dimension],
            "k": conf.k_threshold(),
            "may_feed": roles.can(request.user, roles.EDIT),
            "feed_year": year or timezone.localdate().year - 1,
        },
    )


@protection_view
@require_POST
def statistics_feed(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Write one figure of the page into an activity's indicator (parity.protection.results)."""
    form = forms.FeedResultForm(request.POST)
    if not form.is_valid():
        return invalid(request, form)
    data = form.cleaned_data
    fed = results.feed_indicator(
        actor,
        data["activity"],
        data["indicator"],
        measure=data["measure"],
        dimension=data["by"],
        value=data["value"],
        year=data["year"],
    )
    done = _("%(value)s written as the %(year)s actual of %(activity)s, indicator “%(indicator)s”.")
    names = {"value": fed.value, "year": fed.year, "activity": fed.activity}
    messages.success(request, done % {**names, "indicator": fed.indicator})
    return redirect(fed.link)
