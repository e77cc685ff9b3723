"""Sending, answering and revoking referrals."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parity.protection import forms, services
from parity.protection.audit import Actor
from parity.protection.views.cases import case_page
from parity.protection.views.common import back, protection_view


@protection_view
@require_POST
def case_refer(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """Send a referral; a refusal (no consent, no override) shows the case page again with the
    form as it was filled in and the reason, so nothing typed is lost."""
    form = forms.ReferralForm(request.POST)
    if form.is_valid():
        try:
            services.referral_send(actor, number, **form.cleaned_data)
        except (
            services.AccessWithdrawnError,
            services.CaseNotFoundError,
            services.NotAllowedError,
        ):
            raise
        except services.ProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return back(number)
    return case_page(request, actor, number, referral_form=form, status=400)


@protection_view
@require_POST
def referral_respond(request: HttpRequest, actor: Actor, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404(_("There is no such page."))
    referral = services.referral_respond(actor, pk, accept=answer == "accept")
    if referral.status == "accepted":
        messages.success(request, _("Referral accepted."))
        return back(referral.case.number)
    messages.success(request, _("Referral declined."))
    return redirect("protection:home")


@protection_view
@require_POST
def referral_revoke(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    referral = services.referral_revoke(actor, pk)
    messages.success(request, _("Referral revoked."))
    return back(referral.case.number)
