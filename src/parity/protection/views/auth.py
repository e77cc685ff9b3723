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

from parity.protection import audit, enrolment, factor, forms, throttle
from parity.protection.audit import Actor
from parity.protection.middleware import REAUTH, VERIFIED
from parity.protection.views.common import actor_of, protection_view

ENROLLING = "protection_enrolling"  # the factor whose key this session may see


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("protection:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return reverse("protection:home")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Verify a code; before the factor is confirmed, an enrolment code first: the key is shown
    only in the session that redeemed one."""
    if not factor.required_for(request.user):
        raise Http404(_("There is no such page."))
    actor = actor_of(request)
    current = factor.factor_of(request.user)
    enrolling = current is not None and request.session.get(ENROLLING) == current.pk
    form = forms.CodeForm()
    enrol_form = forms.EnrolmentForm()
    if request.method == "POST" and "enrolment_code" in request.POST:
        enrol_form = forms.EnrolmentForm(request.POST)
        if enrol_form.is_valid() and _redeem(request, actor, enrol_form):
            current, _secret = factor.start_setup(request.user)
            request.session[ENROLLING], enrolling = current.pk, True
    elif request.method == "POST":
        form = forms.CodeForm(request.POST)
        if form.is_valid() and _verify(request, actor, current, form):
            request.session.pop(ENROLLING, None)
            return redirect(_next(request))
    secret = factor.secret_of(current) if enrolling and current.confirmed_at is None else None
    uri = factor.provisioning_uri(request.user, secret) if secret else ""
    return render(
        request,
        "protection/second_factor.html",
        {
            "form": form,
            "enrol_form": enrol_form if current is None or current.confirmed_at is None else None,
            "secret": secret,
            "uri": uri,
            "qr": factor.qr_svg(uri, _("QR code of the key for your authenticator app"))
            if uri
            else "",
            "next": _next(request),
        },
    )


def _redeem(request: HttpRequest, actor: Actor, form: forms.EnrolmentForm) -> bool:
    name, ip = request.user.get_username() + "#2fa", throttle.client_ip(request)
    if throttle.locked(name, ip):
        form.add_error("enrolment_code", _("Too many wrong codes: wait 15 minutes."))
        return False
    current = factor.factor_of(request.user)
    if current is not None and current.confirmed_at is not None:
        form.add_error("enrolment_code", _("Your second factor is already set up."))
        return False
    if not enrolment.redeem(request.user, form.cleaned_data["enrolment_code"]):
        throttle.fail(name, ip)
        audit.record(actor, "auth.enrol", "", audit.REFUSED, "wrong enrolment code")
        form.add_error("enrolment_code", _("This enrolment code is not valid."))
        return False
    throttle.reset(name, ip)
    audit.record(actor, "auth.enrol", "")
    return True


def _verify(request: HttpRequest, actor: Actor, current, form: forms.CodeForm) -> bool:
    name, ip = request.user.get_username() + "#2fa", throttle.client_ip(request)
    if throttle.locked(name, ip):
        form.add_error("code", _("Too many wrong codes: wait 15 minutes."))
        return False
    if current is None or not factor.check(current, form.cleaned_data["code"]):
        throttle.fail(name, ip)
        audit.record(actor, "auth.2fa", "", audit.REFUSED, "wrong code")
        form.add_error("code", _("This code is not valid."))
        return False
    throttle.reset(name, ip)
    request.session.cycle_key()
    request.session[VERIFIED] = request.user.pk
    audit.record(actor, "auth.2fa", "")
    return True


@protection_view
@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Password and a fresh code again. Wrong codes count against the same lock as the second
    factor's (and wrong passwords against the login's), so codes cannot be guessed here."""
    form = forms.ReauthForm(request.POST or None)
    name, ip = request.user.get_username() + "#2fa", throttle.client_ip(request)
    if request.method == "POST" and form.is_valid():
        if throttle.locked(name, ip):
            audit.record(actor, "auth.reauth", "", audit.REFUSED, "locked")
            form.add_error(None, _("Too many wrong codes: wait 15 minutes."))
            return render(request, "protection/reauth.html", {"form": form, "next": _next(request)})
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
            throttle.reset(name, ip)
            request.session[REAUTH] = time.time()
            audit.record(actor, "auth.reauth", "")
            return redirect(_next(request))
        throttle.fail(name, ip)
        audit.record(actor, "auth.reauth", "", audit.REFUSED, "wrong password or code")
        form.add_error(None, _("The password or the code is wrong."))
    return render(request, "protection/reauth.html", {"form": form, "next": _next(request)})
