"""Login throttling: after MAX_FAILURES wrong passwords for one user name from one address within
WINDOW seconds, that pair is locked out for WINDOW seconds, whatever the password.

Counters live in Django's cache: each process's memory in the development profile, Redis
shared by every web process in production (``PARITY_CACHE_URL``, docs/configuration.md). The
same counter guards second-factor codes.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

MAX_FAILURES = 5
WINDOW = 15 * 60


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{ip}".encode()).hexdigest()
    return f"parity-throttle:{digest}"


def locked(username: str, ip: str) -> bool:
    return cache.get(_key(username, ip), 0) >= MAX_FAILURES


def fail(username: str, ip: str) -> None:
    key = _key(username, ip)
    cache.add(key, 0, WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW)


def reset(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))


class ThrottleBackend(ModelBackend):
    """Django's model backend that refuses a locked-out pair before any password check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and locked(username, client_ip(request)):
            raise PermissionDenied("too many failed logins")
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if username:
        fail(username, client_ip(request))


@receiver(user_logged_in)
def _clear(sender, request, user, **kwargs) -> None:
    reset(user.get_username(), client_ip(request))
