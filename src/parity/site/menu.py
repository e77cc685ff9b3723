"""What the menu shows beyond the public pages: the protection module, to its members only."""

from __future__ import annotations

from django.http import HttpRequest

from parity.protection.services.access import membership_of


def menu(request: HttpRequest) -> dict[str, bool]:
    return {"menu_protection": membership_of(getattr(request, "user", None)) is not None}
