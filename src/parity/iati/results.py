"""Results, indicators, baselines and periods (targets and actuals with dimensions).

Result values are often qualitative or sloppy ("n/a"), so an unreadable number becomes None
with a note; so does a date that is not a real date, and an unknown result type or indicator
measure is left empty, noted (1.0x words such as "output" are mapped to their code).
"""

from __future__ import annotations

from decimal import Decimal

from parity.iati import codelists
from parity.iati.construct import constructor
from parity.iati.fields import (
    DROPPED,
    KEPT,
    KNOWN_DATES,
    MAPPED,
    Element,
    Notes,
    add_once,
    attr,
    dimension,
    dimensions,
    iso_date,
    label,
    narratives,
    note,
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


_MEASURE_WORDS = ("IndicatorMeasure", codelists.INDICATOR_MEASURE_WORDS)
_TYPE_WORDS = ("ResultType", codelists.RESULT_TYPE_WORDS)


def _code(
    el: Element,
    name: str,
    known: frozenset[str],
    words: tuple[str, dict[str, str]],
    path: str,
    notes: Notes,
) -> str:
    """The code in @``name``: a 1.0x word mapped to its code, anything else unknown left
    empty; each with a note."""
    raw = attr(el, name)
    if raw in known or not raw:
        return raw
    list_name, table = words
    code = table.get(raw.lower(), "")
    where = f"{label(path)} {name} {raw!r}"
    if code:
        problem = f"{where} is a 1.0x word; read as {list_name} {code}"
        add_once(notes, note(path, problem, el.sourceline, MAPPED, raw))
    else:
        problem = f"{where} is not in the {list_name} codelist; left empty"
        add_once(notes, note(path, problem, el.sourceline, DROPPED, raw))
    return code


def _value(el: Element, path: str, notes: Notes) -> Decimal | None:
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
        problem = f"{label(path)} value {exc}"
        notes.append(note(path, problem, el.sourceline, DROPPED, text.strip()))
        return None


def _comment(el: Element) -> str:
    for child in el.iterchildren("comment"):
        return " ".join(n.text for n in narratives(child))
    return ""


def _period_value(el: Element, path: str, notes: Notes) -> PeriodValue:
    # Targets and actuals are the most numerous result elements: one pass over the children.
    found: list[Dimension] = []
    comment = ""
    for child in el:
        tag = child.tag
        if tag == "dimension":
            found.append(dimension(child))
        elif tag == "comment" and not comment:
            comment = " ".join(n.text for n in narratives(child))
    return _period_value_(value=_value(el, path, notes), dimensions=tuple(found), comment=comment)


def _period(el: Element, path: str, notes: Notes) -> IndicatorPeriod:
    start = end = None
    actual_path, target_path = f"{path}/actual", f"{path}/target"
    targets, actuals = [], []
    for child in el:
        tag = child.tag
        if tag == "actual":
            actuals.append(_period_value(child, actual_path, notes))
        elif tag == "target":
            targets.append(_period_value(child, target_path, notes))
        elif tag == "period-start":
            text = child.get("iso-date")
            start = KNOWN_DATES.get(text) if text else None
            if start is None:
                start = iso_date(child, f"{path}/period-start", notes)
        elif tag == "period-end":
            text = child.get("iso-date")
            end = KNOWN_DATES.get(text) if text else None
            if end is None:
                end = iso_date(child, f"{path}/period-end", notes)
    return _indicator_period(start=start, end=end, targets=tuple(targets), actuals=tuple(actuals))


def _baseline(el: Element, path: str, notes: Notes) -> Baseline:
    year_text = attr(el, "year")
    return _baseline_(
        year=int(year_text) if year_text.isdigit() else None,
        iso_date=iso_date(el, path, notes),
        value=_value(el, path, notes),
        dimensions=dimensions(el),
        comment=_comment(el),
    )


def _indicator(el: Element, path: str, notes: Notes) -> Indicator:
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
            baselines.append(_baseline(child, f"{path}/baseline", notes))
        elif tag == "period":
            periods.append(_period(child, f"{path}/period", notes))
    # Early files used words ("unit"; also free ones such as "text": kept, measure unknown).
    measure = _code(el, "measure", codelists.INDICATOR_MEASURES, _MEASURE_WORDS, path, notes)
    return _indicator_(
        measure=measure,
        titles=titles,
        descriptions=descriptions,
        ascending=parse_bool(el.get("ascending")),
        aggregation_status=parse_bool(el.get("aggregation-status")),
        baselines=tuple(baselines),
        periods=tuple(periods),
    )


def result(el: Element, notes: Notes, path: str = "result") -> Result:
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
            indicators.append(_indicator(child, f"{path}/indicator", notes))
    result_type = _code(el, "type", codelists.RESULT_TYPES, _TYPE_WORDS, path, notes)
    if not result_type and not attr(el, "type"):
        notes.append(note(path, "result has no type", el.sourceline, KEPT))
    return _result(
        type=result_type,
        titles=titles,
        descriptions=descriptions,
        aggregation_status=parse_bool(el.get("aggregation-status")),
        indicators=tuple(indicators),
    )
