"""Small constructors for activities in test tables, so each row shows only what matters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parity.iati.model import (
    Activity,
    Description,
    Dimension,
    Indicator,
    IndicatorPeriod,
    Narrative,
    OrgRef,
    PeriodValue,
    PolicyMarker,
    Result,
    Sector,
)

IDENTIFIER = "XM-DAC-TEST-1"
FEMALE = Dimension(name="sex", value="female", norm_name="sex", norm_value="female")
AGE = Dimension(name="age", value="15-24", norm_name="age", norm_value="15-24")


def gender(significance: str | None, vocabulary: str = "1") -> PolicyMarker:
    return PolicyMarker(code="1", significance=significance, vocabulary=vocabulary)


def texts(*values: str) -> tuple[Narrative, ...]:
    return tuple(Narrative(value) for value in values)


def indicator(title: str = "Number of wells built", *periods: IndicatorPeriod) -> Indicator:
    return Indicator(measure="1", titles=texts(title), periods=periods)


def period(
    end: date | None,
    targets: tuple[PeriodValue, ...] = (),
    actuals: tuple[PeriodValue, ...] = (),
) -> IndicatorPeriod:
    return IndicatorPeriod(start=None, end=end, targets=targets, actuals=actuals)


def value(amount: str | None, *dimensions: Dimension) -> PeriodValue:
    return PeriodValue(value=None if amount is None else Decimal(amount), dimensions=dimensions)


def sector(code: str, percentage: str | None = None, vocabulary: str = "1") -> Sector:
    share = None if percentage is None else Decimal(percentage)
    return Sector(code=code, vocabulary=vocabulary, percentage=share)


def activity(
    *markers: PolicyMarker,
    title: str = "Rural water supply",
    description: str = "",
    indicators: tuple[Indicator, ...] = (),
    sectors: tuple[Sector, ...] = (),
) -> Activity:
    descriptions = (Description("1", texts(description)),) if description else ()
    results = (Result(type="1", indicators=indicators),) if indicators else ()
    return Activity(
        identifier=IDENTIFIER,
        reporting_org=OrgRef(ref="XM-DAC-TEST"),
        titles=texts(title),
        descriptions=descriptions,
        sectors=sectors,
        policy_markers=markers,
        results=results,
    )
