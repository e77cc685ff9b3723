"""Template helpers for pledge progress: shares as percentages, status badges."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from django import template

from parity.iati import codelists
from parity.progress import Status, differs_from_reported

register = template.Library()


@register.filter
def percent(share: Decimal | None) -> str:
    """A share (1 = 100%) as a percentage with one decimal, rounded half to even."""
    if share is None:
        return "—"
    return f"{(share * 100).quantize(Decimal('0.1'), ROUND_HALF_EVEN)}%"


@register.filter
def status_class(status: object) -> str:
    return "status-" + str(status).replace(" ", "-")


@register.filter
def transaction_type(code: str) -> str:
    name = codelists.name("TransactionType", str(code))
    return f"{code} {name}" if name else str(code)


@register.filter
def marker_text(score: object) -> str:
    if score in (None, ""):
        return "not screened"
    return {"0": "0 not targeted", "1": "1 significant", "2": "2 principal"}.get(
        str(score), str(score)
    )


@register.filter
def differs_from(status: Status, reported: str) -> bool:
    """Whether the source's reported status reads differently from the computed one."""
    return differs_from_reported(status, reported)


@register.filter
def share_of(amount: Decimal, target: Decimal) -> Decimal:
    return amount / target


@register.filter
def rate(value: Decimal | None) -> str:
    """An exchange rate to 8 significant digits for reading (exports keep every digit)."""
    if value is None:
        return "—"
    return f"{value:.8g}"
