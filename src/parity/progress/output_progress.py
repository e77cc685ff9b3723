"""Progress of an output pledge (people trained, students supported) from indicator actuals.

The caller chooses which indicators are in scope; this module decides which of their actuals
count:

1. the actual's period ends inside the pledge period (both ends inclusive);
2. for a target about women and girls (``sex="female"``) or men and boys (``"male"``), only
   actuals disaggregated to that sex count. An actual without a sex dimension is left out
   even though it may include women: counting a total as if it were all women would
   overstate the result. For a target without a sex, only actuals without a sex dimension
   count, so a total and its female/male breakdown are not added together;
3. an actual the publisher marks as not to be aggregated (IATI ``aggregation-status`` false)
   is never added up;
4. a cumulative actual is a running total, so adding the periods would count the same people
   again: of one indicator's cumulative actuals (per sex) only the latest counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from parity.i18n_marker import gettext_noop
from parity.progress.model import IndicatorActual, OutputTarget, Period


class OutputExclusion(StrEnum):
    OUTSIDE_PERIOD = gettext_noop("period ends outside the pledge period")
    NOT_DISAGGREGATED = gettext_noop("not disaggregated by sex")
    OTHER_SEX = gettext_noop("counts the other sex")
    DISAGGREGATED = gettext_noop("a breakdown by sex; the target counts totals")
    NOT_AGGREGABLE = gettext_noop("published as not to be added up (aggregation-status false)")
    SUPERSEDED = gettext_noop(
        "a cumulative figure: a later one of the same indicator counts instead"
    )


@dataclass(frozen=True)
class ExcludedActual:
    actual: IndicatorActual
    reason: OutputExclusion


@dataclass(frozen=True)
class OutputProgress:
    target: OutputTarget
    period: Period
    total: Decimal
    contributions: tuple[IndicatorActual, ...]
    excluded: tuple[ExcludedActual, ...]

    @property
    def share(self) -> Decimal:
        """Progress as a share of the target: 1 means 100%."""
        return self.total / self.target.quantity

    @property
    def matched_nothing(self) -> bool:
        """Warning: no actual counted, so progress is 0 for want of data."""
        return not self.contributions


def _exclusion(
    actual: IndicatorActual, target: OutputTarget, period: Period
) -> OutputExclusion | None:
    if actual.period_end not in period:
        return OutputExclusion.OUTSIDE_PERIOD
    if not actual.aggregable:
        return OutputExclusion.NOT_AGGREGABLE
    if target.sex is None:
        return None if actual.sex is None else OutputExclusion.DISAGGREGATED
    if actual.sex is None:
        return OutputExclusion.NOT_DISAGGREGATED
    return None if actual.sex == target.sex else OutputExclusion.OTHER_SEX


def output_progress(
    target: OutputTarget, period: Period, actuals: Iterable[IndicatorActual]
) -> OutputProgress:
    contributions: list[IndicatorActual] = []
    excluded: list[ExcludedActual] = []
    for actual in actuals:
        reason = _exclusion(actual, target, period)
        if reason is None:
            contributions.append(actual)
        else:
            excluded.append(ExcludedActual(actual, reason))
    latest: dict[tuple[str, str, str | None], IndicatorActual] = {}
    for actual in contributions:
        if actual.cumulative:
            key = (actual.activity_id, actual.indicator, actual.sex)
            if key not in latest or actual.period_end >= latest[key].period_end:
                latest[key] = actual
    kept = set(map(id, latest.values()))
    superseded = [a for a in contributions if a.cumulative and id(a) not in kept]
    contributions = [a for a in contributions if not a.cumulative or id(a) in kept]
    excluded += [ExcludedActual(a, OutputExclusion.SUPERSEDED) for a in superseded]
    return OutputProgress(
        target=target,
        period=period,
        total=sum((a.value for a in contributions), Decimal(0)),
        contributions=tuple(contributions),
        excluded=tuple(excluded),
    )
