"""Selectors: the progress of a pledge's output targets from indicator actuals.

The actuals counted are those of the activities in scope whose indicator title contains one
of the target's keywords; only indicators that count units (IATI measure 1) are added up.
They are read from the matching indicators only, and computed on every view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from parity.activities.models import Activity, Indicator, IndicatorValue
from parity.commitments.models import OutputTarget, Pledge
from parity.commitments.scope import scope_q
from parity.commitments.tracking.evidence import OutputEvidence, ReasonCount
from parity.progress import (
    RULE_TEXT,
    IndicatorActual,
    OutputExclusion,
    OutputProgress,
    Period,
    Status,
    output_progress,
    pledge_status,
)
from parity.progress import OutputTarget as OutputGoal

# Why an actual does not count: first the checks made here, then ``output_progress``'s.
OUTPUT_REASONS: dict[str, str] = {
    "not-count": "the indicator is not a count (a percentage, a ratio or a text)",
    "no-value": "no value reported",
    "no-period": "the reporting period has no end date",
    "other-sex": "a sex dimension other than female or male",
    "period": str(OutputExclusion.OUTSIDE_PERIOD),
    "not-disaggregated": str(OutputExclusion.NOT_DISAGGREGATED),
    "other-sex-target": str(OutputExclusion.OTHER_SEX),
    "disaggregated": str(OutputExclusion.DISAGGREGATED),
    "not-aggregable": str(OutputExclusion.NOT_AGGREGABLE),
    "superseded": str(OutputExclusion.SUPERSEDED),
}
CUMULATIVE_WORDS = ("cumulative", "累計", "累積", "acumulad", "cumulé")


@dataclass
class OutputReport:
    target: OutputTarget
    goal: OutputGoal
    period: Period
    progress: OutputProgress
    contributing: tuple[OutputEvidence, ...]
    excluded: tuple[OutputEvidence, ...]
    indicators_matched: int
    status: Status
    # What data is missing, when the status is "cannot be verified" (set by the pledge report).
    missing: str = ""

    @property
    def status_rule(self) -> str:
        return self.missing or RULE_TEXT[self.status]

    @property
    def kind(self) -> str:
        """The figure's name in evidence URLs."""
        return f"output-{self.target.pk}"

    @property
    def reasons(self) -> list[ReasonCount]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.excluded:
            counts[row.reason] += 1
        return [
            ReasonCount(key, text, counts[text])
            for key, text in OUTPUT_REASONS.items()
            if counts.get(text)
        ]


def keywords(target: OutputTarget) -> list[str]:
    return [word.strip().lower() for word in target.indicator_keywords.split(",") if word.strip()]


def matching_indicators(pledge: Pledge, words: list[str]) -> dict[int, tuple[str, str, str]]:
    """{indicator id: (activity identifier, title, measure)} for indicators of activities in
    scope with a title containing one of ``words`` (any language, case ignored)."""
    if not words:
        return {}
    # The database narrows the candidates on the titles' JSON text; Python then checks each
    # title itself, so a keyword matching a JSON key or an escape never counts.
    text = Q()
    for word in words:
        text |= Q(titles_text__icontains=word)
    candidates = (
        Indicator.objects.filter(result__activity__in=Activity.objects.filter(scope_q(pledge)))
        .annotate(titles_text=Cast("titles", output_field=CharField()))
        .filter(text)
        .values_list("id", "result__activity__iati_identifier", "titles", "measure")
    )
    found = {}
    for pk, identifier, titles, measure in candidates:
        texts = [item.get("text", "") for item in titles or []]
        if any(word in t.lower() for t in texts for word in words):
            found[pk] = (identifier, texts[0] if texts else "", measure)
    return found


def _unusable(measure: str, row: OutputEvidence) -> str:
    """Why an actual cannot even be offered to ``output_progress``, or ""."""
    if measure != "1":
        return OUTPUT_REASONS["not-count"]
    if row.value is None:
        return OUTPUT_REASONS["no-value"]
    if row.period_end is None:
        return OUTPUT_REASONS["no-period"]
    if row.sex not in ("", "female", "male"):
        return OUTPUT_REASONS["other-sex"]
    return ""


def _cumulative(indicators: dict[int, tuple[str, str, str]], values: Iterable) -> set[int]:
    """Indicators whose actuals are running totals: IATI has no flag for it, so an indicator
    counts as cumulative when its title says so, or when two of its periods start on the same
    day and end on different days (each reports everything since that start)."""
    ends_by_start: dict[tuple[int, date], set[date]] = defaultdict(set)
    for _pk, indicator_pk, end, _value, _sex, start, *_ in values:
        if start is not None and end is not None:
            ends_by_start[(indicator_pk, start)].add(end)
    found = {indicator_pk for (indicator_pk, _), ends in ends_by_start.items() if len(ends) > 1}
    found |= {
        pk
        for pk, (_, title, _) in indicators.items()
        if any(word in title.lower() for word in CUMULATIVE_WORDS)
    }
    return found


def actuals_of(indicators: Iterable[int]) -> QuerySet[IndicatorValue, tuple]:
    """The actual values of these indicators, by period end: (id, indicator id, period end,
    value, sex, period start, the indicator's and its result's aggregation status)."""
    return (
        IndicatorValue.objects.filter(
            kind=IndicatorValue.ACTUAL, period__indicator_id__in=list(indicators)
        )
        .order_by("period__end", "id")
        .values_list(
            "id",
            "period__indicator_id",
            "period__end",
            "value",
            "sex",
            "period__start",
            "period__indicator__aggregation_status",
            "period__indicator__result__aggregation_status",
        )
    )


def output_report(target: OutputTarget, period: Period, today: date) -> OutputReport | None:
    if target.quantity is None:
        return None
    goal = OutputGoal(target.quantity, target.unit, target.sex or None)
    indicators = matching_indicators(target.pledge, keywords(target))
    values = actuals_of(indicators)
    running = _cumulative(indicators, values)
    excluded: list[OutputEvidence] = []
    offered: list[tuple[IndicatorActual, OutputEvidence]] = []
    for pk, indicator_pk, end, value, sex, _start, own, result in values:
        identifier, title, measure = indicators[indicator_pk]
        row = OutputEvidence(pk, identifier, title, end, value, sex)
        reason = _unusable(measure, row)
        if reason:
            excluded.append(replace(row, reason=reason))
            continue
        actual = IndicatorActual(
            identifier,
            title,
            end,
            value,
            sex or None,  # type: ignore[arg-type]
            aggregable=own is not False and result is not False,
            cumulative=indicator_pk in running,
        )
        offered.append((actual, row))
    progress = output_progress(goal, period, [actual for actual, _ in offered])
    by_actual = {id(actual): row for actual, row in offered}
    contributing = tuple(by_actual[id(a)] for a in progress.contributions)
    excluded += [replace(by_actual[id(e.actual)], reason=str(e.reason)) for e in progress.excluded]
    status = pledge_status(progress.share, period, today, has_data=bool(progress.contributions))
    return OutputReport(
        target, goal, period, progress, contributing, tuple(excluded), len(indicators), status
    )
