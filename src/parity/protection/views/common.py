"""What every protection view shares: the acting member, the wrapper that maps refusals to HTTP
answers, re-authentication, and the one-form POST views."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parity.protection import audit, conf, services, throttle
from parity.protection.audit import Actor
from parity.protection.middleware import REAUTH

PAGE_SIZE = 50


def actor_of(request: HttpRequest) -> Actor:
    return Actor(
        request.user, services.membership_of(request.user), throttle.client_ip(request) or None
    )


def protection_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login, then a member of the module; domain refusals mapped to HTTP answers."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_of(request)
        if actor.membership is None:
            audit.record(actor, "module.enter", "", audit.NOT_FOUND, "no membership")
            raise Http404(_("There is no such page."))
        try:
            return view(request, actor, *args, **kwargs)
        except services.AccessWithdrawnError as error:
            return render(request, "protection/withdrawn.html", {"message": str(error)}, status=410)
        except services.CaseNotFoundError as error:
            raise Http404(str(error)) from None
        except services.NotAllowedError as error:
            raise PermissionDenied(str(error)) from None
        except services.ProtectionError as error:
            return render(request, "protection/refused.html", {"message": str(error)}, status=400)

    return wrapped


def back(number: str) -> HttpResponse:
    return redirect("protection:case", number=number)


def invalid(request: HttpRequest, form: Any) -> HttpResponse:
    errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    return render(request, "protection/refused.html", {"message": errors}, status=400)


def recently_reauthenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTH)
    return at is not None and time.time() - at < conf.reauth_minutes() * 60


def need_reauth(request: HttpRequest, actor: Actor, action: str, number: str = "") -> HttpResponse:
    audit.record(actor, action, number, audit.REFUSED, "reauthentication required")
    messages.warning(request, _("Confirm it is you before this: enter your password and a code."))
    return redirect(f"{reverse('protection:reauth')}?next={request.get_full_path()}")


def post_form(form_class: Any, **kwargs: Any) -> Callable[..., Callable[..., HttpResponse]]:
    """A view for one POSTed form that calls ``call(actor, number, cleaned_data)``."""

    def decorator(call: Callable[[Actor, str, dict], Any]) -> Callable[..., HttpResponse]:
        @protection_view
        @require_POST
        @functools.wraps(call)
        def view(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
            form = form_class(request.POST, **kwargs)
            if not form.is_valid():
                services.open_case(actor, number)  # outsiders get 404, not a form error
                return invalid(request, form)
            call(actor, number, form.cleaned_data)
            messages.success(request, _("Saved."))
            return back(number)

        return view

    return decorator
