"""Views: parse input, call one service or selector, render. Every page needs a login and a role."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from parity import roles
from parity.activities.models import Activity
from parity.commitments.models import Pillar
from parity.mainstreaming import selectors, services, tagging
from parity.mainstreaming.evidence_check import contradicted_answers
from parity.mainstreaming.forms import ChecklistForm, TransitionForm
from parity.mainstreaming.models import StageReview
from parity.mainstreaming.words import score_words
from parity.markers import Stage, checklist
from parity.pagekit.pages import page_or_404, query_without

PAGE_SIZE = 50
NONE_APPROVED = gettext_noop("none approved")  # translated where shown


def _require(request: HttpRequest, action: str) -> None:
    if not roles.can(request.user, action):
        raise PermissionDenied(
            "Your account has no role that allows this; ask an administrator for one."
        )


def _permissions(user) -> dict[str, bool]:
    return {action: roles.can(user, action) for action in roles.ACTIONS}


# -- portfolio ----------------------------------------------------------------------------------


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    _require(request, roles.VIEW)
    criteria = selectors.PortfolioFilter.from_query(request.GET)
    now, today = timezone.now(), timezone.localdate()
    rows = selectors.portfolio_list(criteria, now, today)
    page = page_or_404(Paginator(rows, PAGE_SIZE), request.GET)
    summary = selectors.portfolio_summary(criteria, now, today)
    return render(
        request,
        "mainstreaming/portfolio.html",
        {
            "page": page,
            "criteria": criteria,
            "summary": summary,
            "stage_counts": [
                (label, summary[f"stage_{n}"])
                for n, label in enumerate([NONE_APPROVED, *[s.value for s in Stage]])
            ],
            "stage_options": list(enumerate([NONE_APPROVED, *[s.value for s in Stage]])),
            "organisations": selectors.organisations(),
            "frameworks": selectors.framework_choices(),
            "overdue_days": selectors.overdue_days(),
            "unchecked": selectors.unchecked_activities(),
            "query_without_page": query_without(request.GET, "page"),
            "query_without_sort": query_without(request.GET, "page", "sort"),
            "export_query": query_without(request.GET, "page"),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def portfolio_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the filtered, sorted list of the portfolio page, every page of it."""
    _require(request, roles.VIEW)
    criteria = selectors.PortfolioFilter.from_query(request.GET)
    rows = selectors.export_rows(
        selectors.portfolio_list(criteria, timezone.now(), timezone.localdate())
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            # The byte-order mark makes spreadsheet programs read the file as UTF-8, as the
            # activity list's download does (Japanese and Thai headers otherwise garble).
            yield "\ufeff" + writer.writerow(selectors.export_headers())
            for row in rows:
                yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="portfolio-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from io import BytesIO

        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(gettext("Portfolio"))
        sheet.append(selectors.export_headers())
        for row in rows:
            sheet.append(row)
        buffer = BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="portfolio-{stamp}.xlsx"'
        return response
    raise Http404("Export as csv or xlsx.")


# -- activity review page -----------------------------------------------------------------------


def _activity(identifier: str) -> Activity:
    try:
        return Activity.objects.select_related("reporting_org").get(iati_identifier=identifier)
    except Activity.DoesNotExist:
        raise Http404(f"No activity with the identifier {identifier!r}.") from None


def _activity_page(request: HttpRequest, activity: Activity, status: int = 200) -> HttpResponse:
    return render(
        request,
        "mainstreaming/activity.html",
        {
            "activity": activity,
            "may": _permissions(request.user),
            "pillars": Pillar.objects.select_related("framework").order_by(
                "framework__name", "number"
            ),
            **selectors.review_page(activity),
        },
        status=status,
    )


@login_required
@require_GET
def activity_reviews(request: HttpRequest, identifier: str) -> HttpResponse:
    _require(request, roles.VIEW)
    return _activity_page(request, _activity(identifier))


@login_required
@require_POST
def review_start(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, roles.VIEW)
    activity = get_object_or_404(Activity, pk=pk)
    try:
        review = services.review_start(activity, request.POST.get("stage", ""), request.user)
    except services.NotAllowedError as error:
        raise PermissionDenied(str(error)) from None
    except services.ReviewError as error:
        messages.error(request, str(error))
        return _activity_page(request, activity, status=400)
    return HttpResponseRedirect(reverse("mainstreaming:review", args=[review.pk]))


@login_required
@require_POST
def tag_change(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, roles.VIEW)
    activity = get_object_or_404(Activity, pk=pk)
    pillar_id = request.POST.get("pillar", "")
    if not pillar_id.isdigit():
        messages.error(request, gettext("Choose a pillar or priority area."))
        return _activity_page(request, activity, status=400)
    pillar = get_object_or_404(Pillar.objects.select_related("framework"), pk=int(pillar_id))
    named = f"{gettext(pillar.framework.name)}: {pillar.number}) {gettext(pillar.name)}"
    try:
        if request.POST.get("action") == "remove":
            tagging.pillar_tag_remove(activity, pillar, request.user)
            messages.success(request, gettext("Removed: %(pillar)s.") % {"pillar": named})
        else:
            tagging.pillar_tag_add(activity, pillar, request.user)
            messages.success(request, gettext("Tagged by hand: %(pillar)s.") % {"pillar": named})
    except services.NotAllowedError as error:
        raise PermissionDenied(str(error)) from None
    url = reverse("mainstreaming:activity", args=[activity.iati_identifier])
    return HttpResponseRedirect(url)


# -- one review ---------------------------------------------------------------------------------


def _review(pk: int) -> StageReview:
    return get_object_or_404(StageReview.objects.select_related("activity"), pk=pk)


def _checklist_rows(review: StageReview, scheme) -> list[tuple]:
    answers = {
        a.criterion: a
        for a in review.answers.select_related("evidence_result", "evidence_indicator")
    }
    return [
        (c, answers.get(c.id))
        for c in checklist(scheme, review.stage, review.proposed_score or None)
    ]


def _contradictions(review: StageReview) -> list:
    """What the person submitting or deciding must confirm (evidence_check), when they can."""
    deciding = (StageReview.DRAFT, StageReview.RETURNED, StageReview.SUBMITTED)
    return contradicted_answers(review) if review.status in deciding else []


def _review_page(
    request: HttpRequest,
    review: StageReview,
    form: ChecklistForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scheme = services.scheme_of(review)
    editable = review.status in (StageReview.DRAFT, StageReview.RETURNED)
    may = _permissions(request.user)
    return render(
        request,
        "mainstreaming/review.html",
        {
            "review": review,
            "activity": review.activity,
            "scheme": scheme,
            "form": form or ChecklistForm(review=review, scheme=scheme),
            "editable": editable and may[roles.EDIT],
            "problems": services.submission_problems(review) if editable else [],
            "contradictions": _contradictions(review),
            "proposed": score_words(review.scheme, review.proposed_score),
            "checklist_rows": _checklist_rows(review, scheme),
            "events": review.events.select_related("by"),
            "may": may,
            "own_submission": review.submitted_by_id == request.user.pk,
        },
        status=status,
    )


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, roles.VIEW)
    review = _review(pk)
    if request.method != "POST":
        return _review_page(request, review)
    _require(request, roles.EDIT)
    form = ChecklistForm(request.POST, review=review, scheme=services.scheme_of(review))
    if not form.is_valid():
        messages.error(request, gettext("Some answers could not be read; see the marked fields."))
        return _review_page(request, review, form, status=400)
    try:
        services.review_save(
            review,
            request.user,
            version=form.cleaned_data["version"],
            answers=form.answers(),
            proposed_score=form.cleaned_data["proposed_score"],
            justification=form.cleaned_data["justification"],
        )
    except services.NotAllowedError as error:
        raise PermissionDenied(str(error)) from None
    except services.ReviewError as error:
        messages.error(request, str(error))
        stale = isinstance(error, services.StaleReviewError)
        return _review_page(request, _review(pk), form, status=409 if stale else 400)
    messages.success(request, gettext("Saved."))
    return HttpResponseRedirect(reverse("mainstreaming:review", args=[pk]))


TRANSITIONS = {
    "submit": services.review_submit,
    "approve": services.review_approve,
    "return": services.review_return,
    "reopen": services.review_reopen,
}


@login_required
@require_POST
def review_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _require(request, roles.VIEW)
    if action not in TRANSITIONS:
        raise Http404("No such action.")
    review = _review(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("The form was incomplete; reload the page and try again."))
        return _review_page(request, review, status=400)
    extra = {}
    if action in ("submit", "approve"):  # the contradicted answers the person confirmed
        extra["confirmed"] = request.POST.getlist("confirmed")
    try:
        TRANSITIONS[action](
            review,
            request.user,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
            **extra,
        )
    except services.NotAllowedError as error:
        raise PermissionDenied(str(error)) from None
    except services.ReviewError as error:
        messages.error(request, str(error))
        stale = isinstance(error, services.StaleReviewError)
        return _review_page(request, _review(pk), status=409 if stale else 400)
    done = {
        "submit": gettext("Submitted."),
        "approve": gettext("Approved."),
        "return": gettext("Returned."),
        "reopen": gettext("Reopened."),
    }
    messages.success(request, done[action])
    return HttpResponseRedirect(reverse("mainstreaming:review", args=[pk]))
