"""Evidence rules for the OECD-DAC minimum criteria behind a score of 1 or 2.

The DAC Handbook on the gender equality marker asks, before a 1 or a 2 is given: a gender
analysis, at least one explicit gender equality objective, indicators that measure it (broken
down by sex where people are counted; at outcome and output level for a 2) and a commitment to
monitor and evaluate the gender results. Each rule here looks for the published trace of one
criterion. They read words and codes only, so a flag asks a person to look; it never proves
that a score is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parity.i18n_marker import gettext_noop
from parity.iati.model import Activity, Indicator
from parity.markers import messages as say
from parity.markers.evidence import (
    indicator_title,
    indicators,
    is_disaggregated_by_sex,
    is_gender_specific,
)
from parity.markers.flags import Severity
from parity.markers.gender_marker import read_gender_marker
from parity.markers.rules import Finding, Held, evidence_rule
from parity.markers.terms import narrative_texts, term_list

# DocumentCategory codes of an evaluation or review of the activity or its country programme.
EVALUATION_DOCUMENTS = {"A07", "B09", "B10"}
OUTPUT, OUTCOME = "1", "2"  # ResultType codes


def _activity_texts(activity: Activity) -> list[str]:
    """Title, descriptions and document titles: where a publisher records what it did."""
    return narrative_texts(
        activity.titles,
        *(description.narratives for description in activity.descriptions),
        *(document.titles for document in activity.document_links),
    )


@evidence_rule(
    "gender-analysis-not-recorded",
    Severity.INFO,
    gettext_noop("Marked 1 or 2 but no gender analysis is recorded (heuristic)"),
)
def _no_gender_analysis(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """The first DAC minimum criterion for a 1 or a 2 is a gender analysis of the project or
    programme. IATI has no field for it, so the rule searches the title, descriptions and the
    titles of linked documents for words such as "gender analysis", "gender assessment" or
    "gender action plan" (and their French, Spanish, Japanese and Thai equivalents). A miss
    means the analysis is not published, not that it was never done."""
    marker = read_gender_marker(activity)
    if not marker.gender_focused:
        return
    if term_list("gender_analysis").find(_activity_texts(activity)) is not None:
        return
    yield Finding("description, document-link", say.NO_GENDER_ANALYSIS, {"score": marker.score})


@evidence_rule(
    "significant-without-gender-objective",
    Severity.INFO,
    gettext_noop("Marked 1 but the text states no gender equality objective (heuristic)"),
)
def _significant_without_objective(
    activity: Activity, today: date, held: Held
) -> Iterator[Finding]:
    """Significant (1) means gender equality is an important and deliberate objective, though
    not the main one: the DAC asks for at least one explicit gender equality objective. The rule
    searches the title and descriptions for the same phrases as the principal check ("gender
    equality", "women's empowerment", ...); reaching women or mothers is not such an
    objective on its own."""
    if read_gender_marker(activity).score != 1:
        return
    texts = narrative_texts(
        activity.titles, *(description.narratives for description in activity.descriptions)
    )
    if term_list("equality_objective").find(texts) is not None:
        return
    yield Finding("title, description", say.SIGNIFICANT_NO_OBJECTIVE)


def _counts_people(indicator: Indicator) -> bool:
    if indicator.measure not in ("1", ""):
        return False
    texts = narrative_texts(indicator.titles, indicator.descriptions)
    return term_list("people_count").find(texts) is not None


@evidence_rule(
    "people-count-without-sex-breakdown",
    Severity.WARNING,
    gettext_noop("Indicator counts people but is not broken down by sex"),
)
def _people_without_sex(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """An activity marked 1 or 2 should know how many of the people it reaches are women and
    how many men. An indicator that counts people (a unit measure whose title speaks of people,
    participants, students, officials, farmers and the like) with no baseline, target or actual
    broken down by sex hides exactly that; indicators that are about women or girls in their
    wording are not flagged."""
    if not read_gender_marker(activity).gender_focused:
        return
    for indicator in indicators(activity):
        if not _counts_people(indicator) or is_disaggregated_by_sex(indicator):
            continue
        if is_gender_specific(indicator):
            continue
        yield Finding(
            "result/indicator", say.PEOPLE_NOT_BY_SEX, {"title": repr(indicator_title(indicator))}
        )


@evidence_rule(
    "principal-without-indicators-at-both-levels",
    Severity.WARNING,
    gettext_noop("Marked 2 without gender-specific indicators at both outcome and output level"),
)
def _principal_levels(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """Principal (2) makes gender equality the main objective, so the DAC expects its results
    framework to measure it at outcome level (the change sought) and at output level (what the
    project delivers). The rule only fires when some gender-specific indicator exists, so it
    does not repeat "no gender indicator"; it names the level that has none."""
    if read_gender_marker(activity).score != 2:
        return
    levels = {
        result.type
        for result in activity.results
        for indicator in result.indicators
        if is_gender_specific(indicator)
    }
    if not levels:
        return
    missing = {
        (True, True): say.NO_INDICATOR_AT_OUTCOME_OR_OUTPUT,
        (True, False): say.NO_INDICATOR_AT_OUTCOME,
        (False, True): say.NO_INDICATOR_AT_OUTPUT,
    }.get((OUTCOME not in levels, OUTPUT not in levels))
    if missing:
        yield Finding("result/@type", missing)


@evidence_rule(
    "no-evaluation-commitment",
    Severity.INFO,
    gettext_noop("Marked 1 or 2 without a published commitment to evaluate (heuristic)"),
)
def _no_evaluation(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """The DAC minimum criteria include a commitment to monitor and evaluate the gender
    equality results. The rule looks for a linked evaluation or review document (categories
    A07, B09, B10) or words such as "evaluation" or "mid-term review" in the title,
    descriptions or document titles."""
    marker = read_gender_marker(activity)
    if not marker.gender_focused:
        return
    documents = {c for document in activity.document_links for c in document.categories}
    if documents & EVALUATION_DOCUMENTS:
        return
    if term_list("evaluation").find(_activity_texts(activity)) is not None:
        return
    yield Finding("document-link, description", say.NO_EVALUATION, {"score": marker.score})
