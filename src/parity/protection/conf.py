"""The module's settings with their defaults (documented in docs/protection.md)."""

from __future__ import annotations

from django.conf import settings


def get(name: str, default):
    return getattr(settings, name, default)


def reflection_days() -> int:
    # The Council of Europe Convention (art. 13) asks for at least 30 days.
    return int(get("PROTECTION_REFLECTION_DAYS", 30))


def retention_days() -> int:
    return int(get("PROTECTION_RETENTION_DAYS", 365 * 5))


def idle_minutes() -> int:
    return int(get("PROTECTION_IDLE_MINUTES", 15))


def reauth_minutes() -> int:
    return int(get("PROTECTION_REAUTH_MINUTES", 5))


def k_threshold() -> int:
    return int(get("PROTECTION_K", 11))
