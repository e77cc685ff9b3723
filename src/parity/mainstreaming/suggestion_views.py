"""The reviewer's accept or reject of a marker suggestion (the form on the activity page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from parity.activities.models import Activity
from parity.mainstreaming.errors import NotAllowedError
from parity.mainstreaming.suggestions import DecisionError, suggestion_decide


@login_required
@require_POST
def suggestion_decision(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    choice = request.POST.get("decision", "")
    back = HttpResponseRedirect(reverse("mainstreaming:activity", args=[activity.iati_identifier]))
    if choice not in {"accept", "reject"}:
        messages.error(request, gettext("Choose to accept or to reject the suggestion."))
        return back
    try:
        suggestion_decide(
            activity, request.user, choice == "accept", request.POST.get("comment", "")
        )
    except NotAllowedError as error:
        raise PermissionDenied(str(error)) from None
    except DecisionError as error:
        messages.error(request, str(error))
        return back
    messages.success(
        request, f"Suggestion {choice}ed: kept as training data; the marker is unchanged."
    )
    return back
