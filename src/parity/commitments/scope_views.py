"""The pledge editor's scope form, with a preview of what the draft would count."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from parity.commitments.forms import PledgeScopeForm
from parity.commitments.models import Pledge
from parity.commitments.scope_preview import draft, scope_preview
from parity.commitments.services import pledge_scope_update

EDIT_PERMISSION = "commitments.change_pledge"


@login_required
def pledge_scope_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the saved scope and its preview. POST ``action=preview``: the draft's preview,
    nothing saved. POST ``action=save``: save it and go back to the pledge."""
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied(gettext("Editing a pledge's scope needs the pledge editor role."))
    pledge = get_object_or_404(Pledge, slug=slug)
    if request.method != "POST":
        form = PledgeScopeForm.for_pledge(pledge)
        return _page(request, pledge, form, scope_preview(pledge))
    form = PledgeScopeForm.for_pledge(pledge, request.POST)
    if not form.is_valid():
        return _page(request, pledge, form, None, status=400)
    values = {
        "rule": form.cleaned_data["rule"],
        "marker_condition": form.cleaned_data["marker_condition"],
        "money_basis": form.cleaned_data["money_basis"],
        "reasoning": form.cleaned_data["scope_reasoning"],
    }
    if request.POST.get("action") == "save":
        try:
            pledge_scope_update(pledge, **values)
        except ValidationError as error:
            form.add_error(None, error)
            return _page(request, pledge, form, None, status=400)
        return redirect("commitments:pledge-detail", slug=pledge.slug)
    drafted = draft(
        pledge,
        scope_rule=values["rule"],
        marker_condition=values["marker_condition"],
        money_basis=values["money_basis"],
    )
    return _page(request, pledge, form, scope_preview(drafted))


def _page(request, pledge, form, preview, status: int = 200) -> HttpResponse:
    context = {"pledge": pledge, "form": form, "preview": preview}
    return render(request, "commitments/pledge_scope_form.html", context, status=status)
