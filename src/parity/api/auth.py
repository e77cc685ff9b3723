"""Who is calling: a bearer token (``Authorization: Bearer <token>``) or, for reads, the
browser's session; and what they may do, by their role (parity.roles).

- Reads are open to everyone unless the instance is private (``PARITY_PRIVATE``); then they
  need a token or a session of a user with a role. A token that is sent must be valid, even
  on a public read: a mistyped token is an error, not a silent anonymous request.
- Writes need a token (never the session: a token cannot be sent by a cross-site form, so
  the API needs no CSRF token), and the role the action asks for.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from parity import roles
from parity.api.models import ApiToken, hash_token

LAST_USED_PRECISION = timedelta(minutes=1)  # do not write on every request


def user_of_token(secret: str) -> Any | None:
    if not secret or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


class TokenAuth(HttpBearer):
    """Writes: a valid token, whatever the role (the endpoint then checks the role)."""

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith("bearer "):
            raise AuthenticationError(401, "Send the token as 'Authorization: Bearer <token>'.")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_of_token(token.strip())
        if user is None:
            raise AuthenticationError(401, "The API token is unknown, revoked or malformed.")
        request.user = user
        return user


class ReadAuth(TokenAuth):
    """Reads: anyone on a public instance; a user with a role on a private one."""

    def __call__(self, request: HttpRequest) -> Any | None:
        if request.headers.get(self.header):
            user = super().__call__(request)
        else:
            user = getattr(request, "user", None) or AnonymousUser()
        if settings.PARITY_PRIVATE and not roles.can(user, roles.VIEW):
            if user.is_authenticated:
                raise HttpError(
                    403, "This Parity instance is private and your account has no role."
                )
            raise AuthenticationError(
                401, "This Parity instance is private: send an API token (Authorization: Bearer)."
            )
        return user


def require(user: Any, action: str, doing: str) -> None:
    """Refuse unless the user's role allows ``action``: 401 when nobody is identified, 403
    when the role is too low."""
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(
            401, f"To {doing}, send an API token (Authorization: Bearer <token>)."
        )
    if not roles.can(user, action):
        role = roles.role_of(user) or "no role"
        raise HttpError(403, f"You cannot {doing}: your role is {role}.")


read_auth = ReadAuth()
token_auth = TokenAuth()
