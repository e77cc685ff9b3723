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
    Shared,
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


# The places in a note (the paths are fixed: no string is built per element).
_RESULT = "result"
_INDICATOR = "result/indicator"
_BASELINE = "result/indicator/baseline"
_PERIOD = "result/indicator/period"
_PERIOD_START = "result/indicator/period/period-start"
_PERIOD_END = "result/indicator/period/period-end"
_TARGET = "result/indicator/period/target"
_ACTUAL = "result/indicator/period/actual"


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


def _comment(el: Element, shared: Shared) -> str:
    for child in el.iterchildren("comment"):
        return " ".join(n.text for n in narratives(child, shared))
    return ""


def _period_value(el: Element, path: str, notes: Notes, shared: Shared) -> PeriodValue:
    """A target or actual. Most are a bare ``<target value="150"/>``: those are built once per
    distinct value and shared (frozen, so sharing is invisible), read through ``shared``."""
    if not len(el):
        text = el.get("value")
        found = shared.values.get(text)
        if found is None:
            noted = len(notes)
            found = _period_value_(value=_value(el, path, notes))
            if len(notes) == noted:  # a readable value (an unreadable one is noted each time)
                shared.keep_value(text, found)
        return found
    dimensions: list[Dimension] = []
    comment = ""
    for child in el[:]:
        tag = child.tag
        if tag == "dimension":
            dimensions.append(dimension(child))
        elif tag == "comment" and not comment:
            comment = " ".join(n.text for n in narratives(child, shared))
    return _period_value_(
        value=_value(el, path, notes), dimensions=tuple(dimensions), comment=comment
    )


def _period(el: Element, notes: Notes, shared: Shared) -> IndicatorPeriod:
    start = end = None
    targets, actuals = [], []
    known = shared.values
    for child in el[:]:
        tag = child.tag
        if tag == "target":
            # A bare value already built (the usual case) is looked up inline.
            found = None if len(child) else known.get(child.get("value"))
            targets.append(found or _period_value(child, _TARGET, notes, shared))
        elif tag == "actual":
            found = None if len(child) else known.get(child.get("value"))
            actuals.append(found or _period_value(child, _ACTUAL, notes, shared))
        elif tag == "period-start":
            text = child.get("iso-date")
            start = KNOWN_DATES.get(text) if text else None
            if start is None:
                start = iso_date(child, _PERIOD_START, notes)
        elif tag == "period-end":
            text = child.get("iso-date")
            end = KNOWN_DATES.get(text) if text else None
            if end is None:
                end = iso_date(child, _PERIOD_END, notes)
    return _indicator_period(start=start, end=end, targets=tuple(targets), actuals=tuple(actuals))


def _baseline(el: Element, notes: Notes, shared: Shared) -> Baseline:
    year_text = attr(el, "year")
    return _baseline_(
        year=int(year_text) if year_text.isdigit() else None,
        iso_date=iso_date(el, _BASELINE, notes),
        value=_value(el, _BASELINE, notes),
        dimensions=dimensions(el) if len(el) else (),
        comment=_comment(el, shared) if len(el) else "",
    )


def _indicator(el: Element, notes: Notes, shared: Shared) -> Indicator:
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    baselines, periods = [], []
    for child in el[:]:
        tag = child.tag
        if tag == "period":
            periods.append(_period(child, notes, shared))
        elif tag == "title":
            titles = narratives(child, shared)
        elif tag == "baseline":
            baselines.append(_baseline(child, notes, shared))
        elif tag == "description":
            descriptions = narratives(child, shared)
    get = el.get
    measure = get("measure")
    if measure not in codelists.INDICATOR_MEASURES:
        # Early files used words ("unit"; also free ones such as "text": kept, unknown).
        measure = _code(
            el, "measure", codelists.INDICATOR_MEASURES, _MEASURE_WORDS, _INDICATOR, notes
        )
    ascending, aggregation = get("ascending"), get("aggregation-status")
    return _indicator_(
        measure=measure,
        titles=titles,
        descriptions=descriptions,
        ascending=None if ascending is None else parse_bool(ascending),
        aggregation_status=None if aggregation is None else parse_bool(aggregation),
        baselines=tuple(baselines),
        periods=tuple(periods),
    )


def result(el: Element, notes: Notes, shared: Shared | None = None) -> Result:
    shared = shared if shared is not None else Shared()
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    indicators = []
    for child in el[:]:
        tag = child.tag
        if tag == "indicator":
            indicators.append(_indicator(child, notes, shared))
        elif tag == "title":
            titles = narratives(child, shared)
        elif tag == "description":
            descriptions = narratives(child, shared)
    result_type = el.get("type")
    if result_type not in codelists.RESULT_TYPES:
        result_type = _code(el, "type", codelists.RESULT_TYPES, _TYPE_WORDS, _RESULT, notes)
        if not result_type and not attr(el, "type"):
            notes.append(note(_RESULT, "result has no type", el.sourceline, KEPT))
    return _result(
        type=result_type,
        titles=titles,
        descriptions=descriptions,
        aggregation_status=parse_bool(el.get("aggregation-status")),
        indicators=tuple(indicators),
    )
