"""Template helpers for pledge progress: shares as percentages, status badges."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from parity.i18n_marker import gettext_noop
from parity.iati import codelists
from parity.pagekit.templatetags.parity import amount as amount_filter
from parity.progress import Status, differs_from_reported
from parity.progress import share_of as progress_share_of

register = template.Library()

# A target's amount as the source words it ("in excess of", "roughly"): the words and the
# figure together, so each language puts them in its own order (「30億ドル超」).
QUALIFIED = {
    "in excess of": gettext_noop("in excess of %(amount)s"),
    "over": gettext_noop("over %(amount)s"),
    "about": gettext_noop("about %(amount)s"),
    "approximately": gettext_noop("approximately %(amount)s"),
    "roughly": gettext_noop("roughly %(amount)s"),
}


def qualified(qualifier: str, figure: str) -> str:
    """``figure`` with the source's qualifier, in the reader's language (an unknown qualifier
    is put before the figure as it is)."""
    pattern = QUALIFIED.get(qualifier.strip().lower())
    if pattern:
        return gettext(pattern) % {"amount": figure}
    return f"{qualifier} {figure}" if qualifier else figure


@register.simple_tag
def money_target(qualifier: str, currency: str, amount: Decimal | None) -> str:
    """A pledge's money target: "in excess of USD 3,000,000,000", 「USD 3,000,000,000超」."""
    return qualified(qualifier or "", f"{currency} {amount_filter(amount)}".strip())


@register.simple_tag
def output_target(qualifier: str, quantity: Decimal | None, unit: str) -> str:
    """An output target: "roughly 5,000 officers trained", 「約5,000人の行政官を研修」."""
    figure = qualified(qualifier or "", amount_filter(quantity))
    if not unit:
        return figure
    return gettext("%(quantity)s %(unit)s") % {"quantity": figure, "unit": gettext(unit)}


@register.filter
def percent(share: Decimal | None) -> str:
    """A share (1 = 100%) as a percentage with one decimal, rounded half to even; words saying
    why there is none (a share of a zero or negative total), never 0% and never "n/a"."""
    if share is None:
        return gettext("no share (the target is not above zero)")
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
