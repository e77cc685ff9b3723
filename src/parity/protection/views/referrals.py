"""Sending, answering and revoking referrals."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parity.protection import forms, services
from parity.protection.audit import Actor
from parity.protection.views.common import back, post_form, protection_view


@post_form(forms.ReferralForm)
def case_refer(actor: Actor, number: str, data: dict) -> None:
    services.referral_send(actor, number, **data)


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
