"""Session rules for members of the protection module.

- Idle timeout: a member's session ends after PROTECTION_IDLE_MINUTES without a request (on any
  page), so an unattended screen in a hotline office does not stay open on a case.
- Second factor: pages under /protection/ need a TOTP code verified in this session.
"""

from __future__ import annotations

import time

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from parity.protection import conf

SEEN = "protection_seen"
VERIFIED = "protection_2fa"
REAUTH = "protection_reauth"
OPEN_PATHS = ("2fa/",)  # the second-factor pages themselves


class ProtectionSessionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from parity.protection.services import membership_of

        user = getattr(request, "user", None)
        membership = membership_of(user) if user is not None else None
        if membership is not None:
            now = time.time()
            seen = request.session.get(SEEN)
            if seen is not None and now - seen > conf.idle_minutes() * 60:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}&expired=1")
            request.session[SEEN] = now
            base = reverse("protection:home")
            if request.path.startswith(base):
                rest = request.path[len(base) :]
                if not rest.startswith(OPEN_PATHS) and request.session.get(VERIFIED) != user.pk:
                    return redirect(f"{reverse('protection:2fa')}?next={request.path}")
        return self.get_response(request)
