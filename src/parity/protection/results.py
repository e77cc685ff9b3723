"""Feeding an aid activity's result from the protection statistics.

The one place where survivors' data reaches the public aid data, and only as a suppressed,
de-identified count (``services.statistics``): for instance the hotline project's indicator
"survivors supported, female" gets the year's count of cases by sex, female, as an actual of
that year's period, with a comment that links back to the figure on the statistics page.
Feeding the same figure again updates that actual rather than adding another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from parity import roles
from parity.activities.models import Activity, Indicator, IndicatorPeriod, IndicatorValue
from parity.mainstreaming.flags import flags_refresh
from parity.protection import audit, conf, services
from parity.protection.audit import Actor
from parity.protection.core import access
from parity.protection.models import AGE_BANDS, SEXES
from parity.protection.services import statistics

NOTE = "Parity protection statistics"
# Values a dimension can take, where they form a closed list: a misspelt value must not be
# written as a count of 0.
KNOWN_VALUES = {"sex": {code for code, _ in SEXES}, "age_band": {code for code, _ in AGE_BANDS}}


class FeedError(services.ProtectionError):
    """The figure cannot be written; the message says why. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "feed_refused")


@dataclass(frozen=True)
class Fed:
    activity: str
    indicator: str
    year: int
    value: int
    created: bool
    link: str


def statistics_link(measure: str, dimension: str, value: str, year: int) -> str:
    query = urlencode({"measure": measure, "by": dimension, "year": year})
    return f"{reverse('protection:statistics')}?{query}#{measure}-{dimension}-{value}"


def indicators_of(identifier: str) -> list[Indicator]:
    """The activity's indicators in the order they are numbered for feeding (1, 2, ...)."""
    activity = Activity.objects.filter(iati_identifier=identifier).first()
    if activity is None:
        raise FeedError(f"There is no activity {identifier!r}.")
    return list(Indicator.objects.filter(result__activity=activity).order_by("result_id", "id"))


def feed_indicator(
    actor: Actor,
    identifier: str,
    number: int,
    *,
    measure: str,
    dimension: str,
    value: str,
    year: int,
) -> Fed:
    """Write the count of ``measure`` by ``dimension`` = ``value`` in ``year`` as the actual
    of indicator ``number`` of activity ``identifier`` for that year. Needs a statistics role
    in the protection module and the editor role in the aid data; every attempt is audited."""
    services.require_agency(actor, access.STATS)  # audits its own refusals
    what = f"{measure} by {dimension}={value} {year} -> {identifier} indicator {number}"
    try:
        if not roles.can(actor.user, roles.EDIT):
            raise services.NotAllowedError(
                "Writing into an activity's results needs the editor role in the aid data."
            )
        fed = _feed(identifier, number, measure, dimension, value, year)
    except (FeedError, services.NotAllowedError) as error:
        audit.record(actor, "stats.feed", "", error.outcome, f"{what}: {error}")
        raise
    audit.record(actor, "stats.feed", "", note=what)
    return fed


def _feed(identifier: str, number: int, measure: str, dimension: str, value: str, year: int) -> Fed:
    indicators = indicators_of(identifier)
    if not 1 <= number <= len(indicators):
        raise FeedError(
            f"Activity {identifier} has {len(indicators)} indicators: choose 1 to "
            f"{len(indicators)} (parity feed-result {identifier} --list shows them)."
        )
    known = KNOWN_VALUES.get(dimension)
    if known is not None and value not in known:
        raise FeedError(f"{value!r} is not a {dimension}: use one of {', '.join(sorted(known))}.")
    try:
        count = statistics.figure(measure, dimension, value, year)
    except ValueError as error:
        raise FeedError(str(error)) from None
    if count is None:
        raise FeedError(
            f"The count of {measure} by {dimension} = {value} in {year} is under "
            f"{conf.k_threshold()} and stays suppressed: nothing was written."
        )
    indicator = indicators[number - 1]
    link = statistics_link(measure, dimension, value, year)
    label = f"{NOTE}: {measure} by {dimension} = {value}, {year}"
    sex = value if dimension == "sex" and value in {"female", "male"} else ""
    dimensions = [{"name": "sex", "value": sex, "norm_name": "sex", "norm_value": sex}]
    with transaction.atomic():
        span = {"indicator": indicator, "start": date(year, 1, 1), "end": date(year, 12, 31)}
        period = IndicatorPeriod.objects.filter(**span).order_by("id").first()
        if period is None:
            period = IndicatorPeriod.objects.create(**span)
        _, created = IndicatorValue.objects.update_or_create(
            period=period,
            kind=IndicatorValue.ACTUAL,
            comment__startswith=label,
            defaults={
                "value": Decimal(count),
                "comment": f"{label} (counts under {conf.k_threshold()} suppressed): {link}",
                "sex": sex,
                "dimensions": dimensions if sex else [],
            },
        )
    flags_refresh([indicator.result.activity_id])  # an actual can settle an evidence flag
    return Fed(identifier, str(indicator), year, count, created, link)
