"""Template helpers for pledge progress: shares as percentages, status badges."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from parity.iati import codelists
from parity.progress import Status, differs_from_reported
from parity.progress import share_of as progress_share_of

register = template.Library()


@register.filter
def percent(share: Decimal | None) -> str:
    """A share (1 = 100%) as a percentage with one decimal, rounded half to even; "n/a" when
    there is none (a share of a zero or negative total)."""
    if share is None:
        return "n/a"
    return f"{(share * 100).quantize(Decimal('0.1'), ROUND_HALF_EVEN)}%"


@register.filter
def status_class(status: object) -> str:
    return "status-" + str(status).replace(" ", "-")


@register.filter
def transaction_type(code: str) -> str:
    name = codelists.name("TransactionType", str(code))
    return f"{code} {gettext(name)}" if name else str(code)


@register.filter
def marker_text(score: object) -> str:
    if score in (None, ""):
        return gettext("not screened")
    words = {"0": gettext("not targeted"), "1": gettext("significant"), "2": gettext("principal")}
    return f"{score} {words[str(score)]}" if str(score) in words else str(score)


@register.filter
def differs_from(status: Status, reported: str) -> bool:
    """Whether the source's reported status reads differently from the computed one."""
    return differs_from_reported(status, reported)


@register.filter
def share_of(amount: Decimal, target: Decimal) -> Decimal | None:
    return progress_share_of(amount, target)


@register.filter
def rate(value: Decimal | None) -> str:
    """An exchange rate to 8 significant digits for reading (exports keep every digit)."""
    if value is None:
        return "—"
    return f"{value:.8g}"


@register.filter
def as_given(day: date | None, precision: str) -> str:
    """A date as precisely as its source gives it: "2016", "May 2016" or "2016-05-26"."""
    if day is None:
        return "—"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return date_format(day, "YEAR_MONTH_FORMAT")  # "May 2016", "2016年5月"
    return day.isoformat()


@register.filter
def period_as_given(pledge: object) -> str:
    """A pledge's period as its source gives it: "2016 to 2018" for years."""
    start, end = getattr(pledge, "period_start", None), getattr(pledge, "period_end", None)
    if start is None and end is None:
        return gettext("not given by the source")
    precision = getattr(pledge, "period_precision", "day")
    return gettext("%(start)s to %(end)s") % {
        "start": as_given(start, precision),
        "end": as_given(end, precision),
    }
