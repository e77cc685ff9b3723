"""Results, indicators, baselines and periods (targets and actuals with dimensions).

Result values are often qualitative or sloppy ("n/a"), so an unreadable number becomes None
with a warning instead of rejecting the activity; dates still must be real dates.
"""

from __future__ import annotations

from decimal import Decimal

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    KNOWN_DATES,
    Element,
    Reject,
    attr,
    dimension,
    dimensions,
    iso_date,
    narratives,
)
from parity.iati.model import (
    Baseline,
    Dimension,
    Indicator,
    IndicatorPeriod,
    Narrative,
    PeriodValue,
    Result,
)
from parity.iati.normalise import parse_bool, parse_decimal

_period_value_ = constructor(PeriodValue)
_indicator_period = constructor(IndicatorPeriod)
_indicator_ = constructor(Indicator)
_result = constructor(Result)
_baseline_ = constructor(Baseline)


def _value(el: Element, path: str, warnings: list[str]) -> Decimal | None:
    text = el.get("value")
    if not text:
        return None
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return Decimal(text)  # the plain "1234.5": parse_decimal would read the same
    if not text.strip():
        return None
    try:
        return parse_decimal(text)
    except ValueError as exc:
        warnings.append(f"line {el.sourceline}: {path}/@value: {exc}; kept as no value")
        return None


def _comment(el: Element) -> str:
    for child in el.iterchildren("comment"):
        return " ".join(n.text for n in narratives(child))
    return ""


def _period_value(el: Element, path: str, warnings: list[str]) -> PeriodValue:
    # Targets and actuals are the most numerous result elements: one pass over the children.
    found: list[Dimension] = []
    comment = ""
    for child in el:
        tag = child.tag
        if tag == "dimension":
            found.append(dimension(child))
        elif tag == "comment" and not comment:
            comment = " ".join(n.text for n in narratives(child))
    return _period_value_(
        value=_value(el, path, warnings), dimensions=tuple(found), comment=comment
    )


def _period(el: Element, path: str, warnings: list[str]) -> IndicatorPeriod:
    start = end = None
    actual_path, target_path = f"{path}/actual", f"{path}/target"
    targets, actuals = [], []
    for child in el:
        tag = child.tag
        if tag == "actual":
            actuals.append(_period_value(child, actual_path, warnings))
        elif tag == "target":
            targets.append(_period_value(child, target_path, warnings))
        elif tag == "period-start":
            text = child.get("iso-date")
            start = KNOWN_DATES.get(text) if text else None
            if start is None:
                start = iso_date(child, f"{path}/period-start")
        elif tag == "period-end":
            text = child.get("iso-date")
            end = KNOWN_DATES.get(text) if text else None
            if end is None:
                end = iso_date(child, f"{path}/period-end")
    return _indicator_period(start=start, end=end, targets=tuple(targets), actuals=tuple(actuals))


def _baseline(el: Element, path: str, warnings: list[str]) -> Baseline:
    year_text = attr(el, "year")
    return _baseline_(
        year=int(year_text) if year_text.isdigit() else None,
        iso_date=iso_date(el, path),
        value=_value(el, path, warnings),
        dimensions=dimensions(el),
        comment=_comment(el),
    )


def _indicator(el: Element, path: str, warnings: list[str]) -> Indicator:
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    baselines, periods = [], []
    for child in el:
        tag = child.tag
        if tag == "title":
            titles = narratives(child)
        elif tag == "description":
            descriptions = narratives(child)
        elif tag == "baseline":
            baselines.append(_baseline(child, f"{path}/baseline", warnings))
        elif tag == "period":
            periods.append(_period(child, f"{path}/period", warnings))
    raw_measure = attr(el, "measure")
    measure = codelists.INDICATOR_MEASURE_WORDS.get(raw_measure.lower(), raw_measure)
    if measure and measure not in codelists.INDICATOR_MEASURES:
        # Early files used free words (e.g. "text"); the indicator is kept, its measure unknown.
        warnings.append(f"line {el.sourceline}: {path}: unknown indicator measure {raw_measure!r}")
        measure = ""
    return _indicator_(
        measure=measure,
        titles=titles,
        descriptions=descriptions,
        ascending=parse_bool(el.get("ascending")),
        aggregation_status=parse_bool(el.get("aggregation-status")),
        baselines=tuple(baselines),
        periods=tuple(periods),
    )


def result(el: Element, warnings: list[str], path: str = "result") -> Result:
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    indicators = []
    for child in el:
        tag = child.tag
        if tag == "title":
            titles = narratives(child)
        elif tag == "description":
            descriptions = narratives(child)
        elif tag == "indicator":
            indicators.append(_indicator(child, f"{path}/indicator", warnings))
    raw_type = attr(el, "type")
    result_type = codelists.RESULT_TYPE_WORDS.get(raw_type.lower(), raw_type)
    if result_type not in codelists.RESULT_TYPES:
        raise Reject(f"{path}/@type", f"unknown result type {raw_type!r}", el.sourceline)
    return _result(
        type=result_type,
        titles=titles,
        descriptions=descriptions,
        aggregation_status=parse_bool(el.get("aggregation-status")),
        indicators=tuple(indicators),
    )
