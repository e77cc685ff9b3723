"""Questions about an activity's results that the evidence rules ask."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from parity.iati.model import Activity, Dimension, Indicator, PeriodValue
from parity.markers.terms import narrative_texts, normalise, term_list

# Readers normalise dimension names to "sex"; the raw names are a fallback for data that did not
# go through a reader (forms, other importers) or that was published in another language.
_SEX_NAMES = {"sex", "gender", "sexe", "sexo", "性別"}


def is_sex_dimension(dimension: Dimension) -> bool:
    return dimension.norm_name == "sex" or normalise(dimension.name) in _SEX_NAMES


def has_sex_dimension(values: Iterable[PeriodValue]) -> bool:
    return any(is_sex_dimension(d) for value in values for d in value.dimensions)


def indicators(activity: Activity) -> Iterator[Indicator]:
    for result in activity.results:
        yield from result.indicators


def indicator_title(indicator: Indicator) -> str:
    return indicator.titles[0].text.strip() if indicator.titles else "(untitled indicator)"


def is_disaggregated_by_sex(indicator: Indicator) -> bool:
    """Any baseline, target or actual carries a sex dimension."""
    baselines = any(is_sex_dimension(d) for b in indicator.baselines for d in b.dimensions)
    return baselines or any(
        has_sex_dimension(period.targets) or has_sex_dimension(period.actuals)
        for period in indicator.periods
    )


def is_gender_specific(indicator: Indicator) -> bool:
    """Gender-specific by its wording, or by measuring women and men separately."""
    texts = narrative_texts(indicator.titles, indicator.descriptions)
    return term_list("gender_specific").find(texts) is not None or is_disaggregated_by_sex(
        indicator
    )
