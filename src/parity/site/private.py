"""A private instance (``PARITY_PRIVATE=1``): every page asks anonymous visitors to sign in.

Checked once for every request rather than view by view, so that a new page cannot forget it.
Left open: signing in and out, the language switch and static files; the API answers for
itself (``parity.api.auth``: a 401 in JSON, not a login page) and the protection module has
its own, stricter sign-in (an agency membership and a second factor).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/api/", "/protection/", "/admin/")


class PrivateInstanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.PARITY_PRIVATE
            and not request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        return self.get_response(request)
