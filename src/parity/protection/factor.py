"""The TOTP second factor (RFC 6238, 30-second steps, 6 digits, one step of clock drift)."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import segno
from django.utils import timezone

from parity.protection import keys
from parity.protection.models import Factor
from parity.protection.services.access import membership_of

ISSUER = "Parity protection"


def required_for(user: Any) -> bool:
    """Members of the module, and staff who can touch its data in the admin (superusers, and
    anyone with a permission on protection or on users, which can grant one), need the factor."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if membership_of(user) is not None:
        return True
    if not user.is_staff:
        return False
    return user.is_superuser or any(
        p.split(".")[0] in ("protection", "auth") for p in user.get_all_permissions()
    )


def factor_of(user) -> Factor | None:
    return Factor.objects.filter(user=user).first()


def start_setup(user) -> tuple[Factor, str]:
    """A new unconfirmed secret (replacing an unconfirmed one); returns it for the user's app."""
    factor = factor_of(user)
    if factor and factor.confirmed_at:
        raise ValueError("the second factor is already set up")
    secret = pyotp.random_base32()
    factor = factor or Factor(user=user)
    factor.secret_ct = keys.seal(secret, f"protection_factor/secret_ct/{user.pk}")
    factor.save()
    return factor, secret


def secret_of(factor: Factor) -> str:
    return keys.unseal(factor.secret_ct, factor.secret_ad())


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The provisioning address as an inline SVG QR code, drawn here (segno), never by a web
    service: the secret must not leave the server. Attributes only, no style: the CSP allows it.
    """
    return segno.make(uri, error="m").svg_inline(scale=5, light="#fff", title=title)


def check(factor: Factor, code: str, at: float | None = None) -> bool:
    """True for a valid code not used before (a code is refused the second time: replay)."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret_of(factor))
    now = time.time() if at is None else at
    for drift in (0, -1, 1):
        step = int(now // 30) + drift
        if step > factor.last_step and totp.at(step * 30) == code:
            updated = Factor.objects.filter(pk=factor.pk, last_step__lt=step).update(
                last_step=step, confirmed_at=factor.confirmed_at or timezone.now()
            )
            if updated:
                factor.refresh_from_db()
                return True
    return False
