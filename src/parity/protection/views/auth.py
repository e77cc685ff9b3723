"""The second factor (set up and verified once per session) and re-authentication before
revealing identifying details or exporting. Login itself is Django's, throttled
(``parity.protection.throttle``)."""

from __future__ import annotations

import time

from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parity.protection import audit, factor, forms, throttle
from parity.protection.audit import Actor
from parity.protection.middleware import REAUTH, VERIFIED
from parity.protection.views.common import actor_of, protection_view


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("protection:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return reverse("protection:home")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.membership is None:
        raise Http404(_("There is no such page."))
    current = factor.factor_of(request.user)
    secret = None
    if current is None:
        current, secret = factor.start_setup(request.user)
    elif current.confirmed_at is None:
        secret = factor.secret_of(current)  # set up but never confirmed: show it again
    form = forms.CodeForm(request.POST or None)
    ip = throttle.client_ip(request)
    if request.method == "POST" and form.is_valid():
        name = request.user.get_username() + "#2fa"
        if throttle.locked(name, ip):
            form.add_error("code", _("Too many wrong codes: wait 15 minutes."))
        elif factor.check(current, form.cleaned_data["code"]):
            throttle.reset(name, ip)
            request.session.cycle_key()
            request.session[VERIFIED] = request.user.pk
            audit.record(actor, "auth.2fa", "")
            return redirect(_next(request))
        else:
            throttle.fail(name, ip)
            audit.record(actor, "auth.2fa", "", audit.REFUSED, "wrong code")
            form.add_error("code", _("This code is not valid."))
    return render(
        request,
        "protection/second_factor.html",
        {
            "form": form,
            "secret": secret,
            "uri": factor.provisioning_uri(request.user, secret) if secret else "",
            "next": _next(request),
        },
    )


@protection_view
@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = forms.ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        current = factor.factor_of(request.user)
        if (
            user is not None
            and user.pk == request.user.pk
            and current
            and factor.check(current, form.cleaned_data["code"])
        ):
            request.session[REAUTH] = time.time()
            audit.record(actor, "auth.reauth", "")
            return redirect(_next(request))
        audit.record(actor, "auth.reauth", "", audit.REFUSED, "wrong password or code")
        form.add_error(None, _("The password or the code is wrong."))
    return render(request, "protection/reauth.html", {"form": form, "next": _next(request)})
