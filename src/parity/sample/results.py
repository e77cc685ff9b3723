"""Results with indicators, yearly periods, targets and actuals, some disaggregated by sex."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from random import Random

from parity.iati.model import (
    Baseline,
    Dimension,
    Indicator,
    IndicatorPeriod,
    Narrative,
    PeriodValue,
    Result,
)
from parity.sample.indicators import (
    GENDER,
    GENDER_RESULT_TITLES,
    OUTCOME,
    OUTPUT,
    PERCENTAGE,
    PLAIN,
    RESULT_TITLES,
    IndicatorTemplate,
)
from parity.sample.weighted import Weighted

FEMALE = (Dimension(name="sex", value="female", norm_name="sex", norm_value="female"),)
MALE = (Dimension(name="sex", value="male", norm_name="sex", norm_value="male"),)
# Small logframes are the most common; the counts stay within 1-3 as designed.
_RESULT_COUNTS: Weighted[int] = Weighted(((1, 35), (2, 45), (3, 20)))
_INDICATOR_COUNTS: Weighted[int] = Weighted(((1, 50), (2, 35), (3, 15)))
# Share of past periods whose actuals were never reported: the marker checks should flag them.
MISSING_ACTUAL = 0.1


def _by_level(
    pools: dict[str, tuple[IndicatorTemplate, ...]],
) -> dict[tuple[str, str], tuple[IndicatorTemplate, ...]]:
    # Fall back to the whole pool when a group has no template at some level.
    return {
        (group, level): tuple(t for t in pool if t.level == level) or pool
        for group, pool in pools.items()
        for level in (OUTPUT, OUTCOME)
    }


_PLAIN = _by_level(PLAIN)
_GENDER = _by_level(GENDER)
_TITLE_CACHE: dict[str, tuple[Narrative, ...]] = {}


def _narratives(text: str) -> tuple[Narrative, ...]:
    # Titles repeat across activities; sharing the frozen objects saves time and memory.
    cached = _TITLE_CACHE.get(text)
    if cached is None:
        cached = _TITLE_CACHE[text] = (Narrative(text),)
    return cached


def make_results(
    rng: Random,
    group: str,
    gender_levels: tuple[str, ...],
    gender_focused: bool,
    disaggregate: bool,
    periods: list[tuple[date, date]],
    as_of: date,
) -> tuple[Result, ...]:
    """1-3 results (first an outcome, then outputs) with 1-3 indicators each.

    ``gender_levels`` lists the result types that must carry a gender-specific indicator;
    ``gender_focused`` lets further indicators be gender-specific by chance.
    """
    count = max(_RESULT_COUNTS.pick(rng), len(gender_levels))
    if count == 1:
        types = [gender_levels[0] if gender_levels else rng.choice((OUTPUT, OUTCOME))]
    else:
        types = [OUTCOME, *[OUTPUT] * (count - 1)]
    required = list(gender_levels)
    results = []
    for result_type in types:
        gender_result = result_type in required
        if gender_result:
            required.remove(result_type)
        indicators = []
        for i in range(_INDICATOR_COUNTS.pick(rng)):
            gender = (gender_result and i == 0) or (gender_focused and rng.random() < 0.3)
            pool = (_GENDER if gender else _PLAIN)[group, result_type]
            indicators.append(_indicator(rng, rng.choice(pool), disaggregate, periods, as_of))
        titles = (GENDER_RESULT_TITLES if gender_result else RESULT_TITLES)[result_type]
        results.append(
            Result(
                type=result_type,
                titles=_narratives(rng.choice(titles)),
                indicators=tuple(indicators),
            )
        )
    return tuple(results)


def _indicator(
    rng: Random,
    template: IndicatorTemplate,
    disaggregate: bool,
    periods: list[tuple[date, date]],
    as_of: date,
) -> Indicator:
    by_sex: Callable[[int, float], tuple[PeriodValue, PeriodValue]]
    if template.measure == PERCENTAGE:
        baseline, values = _percentages(rng, template.scale, periods)
        by_sex = _rates_by_sex
    else:
        baseline, values = 0, _units(rng, template.scale, periods)
        by_sex = _counts_by_sex
    sexes = template.sexes
    split = sexes == "both" or (sexes == "people" and disaggregate)
    sex = "female" if sexes == "female" else ""
    # One female share (or, for rates, one female-male gap) per indicator, as in a real logframe.
    spread = rng.uniform(0.45, 0.7) if by_sex is _counts_by_sex else rng.randint(-6, 6)
    random = rng.random
    indicator_periods = []
    targets: tuple[PeriodValue, ...]
    actuals: tuple[PeriodValue, ...]
    for (start, end), (target, actual) in zip(periods, values, strict=True):
        reported = end <= as_of and random() >= MISSING_ACTUAL
        if split:
            targets = by_sex(target, spread)
            actuals = by_sex(actual, spread) if reported else ()
        else:
            targets = (_value(target, sex),)
            actuals = (_value(actual, sex),) if reported else ()
        indicator_periods.append(IndicatorPeriod(start, end, targets, actuals))
    first_start = periods[0][0]
    return Indicator(
        measure=template.measure,
        titles=_narratives(template.title),
        ascending=True,
        baselines=(Baseline(first_start.year, first_start, Decimal(baseline)),),
        periods=tuple(indicator_periods),
    )


def _units(rng: Random, scale: int, periods: list[tuple[date, date]]) -> list[tuple[int, int]]:
    """Yearly targets in proportion to the days each period covers; actuals 60-125% of them."""
    base = scale * rng.uniform(0.5, 1.5) / 365
    random = rng.random
    targets = [
        _round_target(base * ((end - start).days + 1) * (0.8 + 0.4 * random()))
        for start, end in periods
    ]
    return [(t, round(t * (0.6 + 0.65 * random()))) for t in targets]


def _round_target(value: float) -> int:
    """Two significant figures, as planners write targets (1,200 rather than 1,187)."""
    if value < 100:
        return max(1, round(value))
    unit = 10
    while value >= unit * 100:
        unit *= 10
    return round(value / unit) * unit


def _percentages(
    rng: Random, scale: int, periods: list[tuple[date, date]]
) -> tuple[int, list[tuple[int, int]]]:
    """A baseline, then targets climbing linearly to about ``scale``; actuals near the targets."""
    count = len(periods)
    baseline = rng.randint(5, max(6, scale - 15))
    goal = min(100, max(baseline + 5, scale + rng.randint(-5, 5)))
    targets = [baseline + (goal - baseline) * (i + 1) // count for i in range(count)]
    return baseline, [(t, min(100, max(0, t + int(14 * rng.random()) - 8))) for t in targets]


_DIMENSIONS = {"": (), "female": FEMALE, "male": MALE}
_VALUES: dict[tuple[int, str], PeriodValue] = {}
_CACHED_BELOW = 20_000  # bounds the cache (about 60,000 entries) while covering most values


def _value(value: int, sex: str) -> PeriodValue:
    """A shared PeriodValue: most values repeat, and building a frozen dataclass is slow."""
    if value >= _CACHED_BELOW:
        return PeriodValue(Decimal(value), _DIMENSIONS[sex])
    key = (value, sex)
    cached = _VALUES.get(key)
    if cached is None:
        cached = _VALUES[key] = PeriodValue(Decimal(value), _DIMENSIONS[sex])
    return cached


def _counts_by_sex(total: int, female_share: float) -> tuple[PeriodValue, PeriodValue]:
    # Female and male rows only, no total row: the total is their sum, never double-counted.
    female = round(total * female_share)
    return _value(female, "female"), _value(total - female, "male")


def _rates_by_sex(rate: int, gap: float) -> tuple[PeriodValue, PeriodValue]:
    female, male = min(100, max(0, rate + int(gap))), min(100, max(0, rate - int(gap)))
    return _value(female, "female"), _value(male, "male")
