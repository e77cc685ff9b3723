"""Session rules for members of the protection module.

- Idle timeout: a member's session ends after PROTECTION_IDLE_MINUTES without a request (on any
  page), so an unattended screen in a hotline office does not stay open on a case.
- Second factor: pages under /protection/, and the admin site for staff who can touch protection
  data, need a TOTP code verified in this session.
- No caching: those pages are sent with ``Cache-Control: no-store`` (and Django's other
  never-cache headers).
"""

from __future__ import annotations

import time

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from parity.protection import conf

SEEN = "protection_seen"
VERIFIED = "protection_2fa"
REAUTH = "protection_reauth"
OPEN_PATHS = ("2fa/",)  # the second-factor pages themselves


class ProtectionSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from parity.protection.factor import required_for

        user = getattr(request, "user", None)
        required = user is not None and required_for(user)
        if required:
            now = time.time()
            seen = request.session.get(SEEN)
            if seen is not None and now - seen > conf.idle_minutes() * 60:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}&expired=1")
            request.session[SEEN] = now
            if _guarded(request.path) and request.session.get(VERIFIED) != user.pk:
                return redirect(f"{reverse('protection:2fa')}?next={request.path}")
        response = self.get_response(request)
        if request.path.startswith(reverse("protection:home")) or (
            required and request.path.startswith(reverse("admin:index"))
        ):
            # Neither the browser's history and cache nor a proxy keeps a survivor's page.
            add_never_cache_headers(response)
        return response


def _guarded(path: str) -> bool:
    """Protection pages (but the second-factor page itself) and the whole admin site."""
    base = reverse("protection:home")
    if path.startswith(base):
        return not path[len(base) :].startswith(OPEN_PATHS)
    return path.startswith(reverse("admin:index")) and path != reverse("admin:logout")
