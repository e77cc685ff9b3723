"""Evidence rules: pure checks of one activity against what its gender marker claims.

Each rule is a small generator registered in ``RULES`` under a stable slug (stored with flags in
the database and used in URLs, so never renamed). Its docstring is the reasoning shown to users
when they ask why something was flagged. Rules yield ``Finding``s; ``check_activity`` turns them
into ``Flag``s carrying the rule id, severity and activity identifier.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from parity.iati.model import Activity
from parity.markers.evidence import (
    has_sex_dimension,
    indicator_title,
    indicators,
    is_gender_specific,
)
from parity.markers.flags import Flag, Severity
from parity.markers.gender_marker import MarkerState, read_gender_marker
from parity.markers.purposes import GENDER_PURPOSE_CODES
from parity.markers.terms import narrative_texts, term_list

# DAC purpose codes whose definition is about gender equality itself, as they read in a sentence.
GENDER_SECTORS = {code: name[0].lower() + name[1:] for code, name in GENDER_PURPOSE_CODES.items()}


class Finding(NamedTuple):
    element: str
    message: str


Check = Callable[[Activity, date], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Check

    @property
    def description(self) -> str:
        return inspect.getdoc(self.check) or ""

    def run(self, activity: Activity, today: date) -> list[Flag]:
        return [
            Flag(self.id, self.severity, activity.identifier, finding.element, finding.message)
            for finding in self.check(activity, today)
        ]


RULES: dict[str, Rule] = {}


def _rule(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, check)
        return check

    return register


def check_activity(
    activity: Activity, today: date, rules: Iterable[Rule] | None = None
) -> list[Flag]:
    """All flags for one activity, in registry order. ``today`` is a parameter (not the clock)
    so that results are reproducible and tests need no time mocking."""
    selected = RULES.values() if rules is None else rules
    return [flag for rule in selected for flag in rule.run(activity, today)]


@_rule(
    "gender-focused-without-gender-indicator",
    Severity.WARNING,
    "Marked 1 or 2 but no gender-specific result indicator",
)
def _without_gender_indicator(activity: Activity, today: date) -> Iterator[Finding]:
    """A significant (1) or principal (2) score requires at least one gender-specific indicator
    backing the gender equality objective. An indicator counts when its title or description
    mentions women, girls, gender, sex-disaggregation and the like (English, French, Spanish and
    Japanese word lists), or when any baseline, target or actual is broken down by sex. The
    DAC allows a firm commitment to add indicators later; that commitment is not in IATI, so
    the flag is a prompt to record it, not proof that the score is wrong."""
    marker = read_gender_marker(activity)
    if not marker.gender_focused:
        return
    found = list(indicators(activity))
    if any(is_gender_specific(indicator) for indicator in found):
        return
    claim = f"marked {marker.score} on the gender equality marker"
    if not found:
        yield Finding("result/indicator", f"{claim}, but publishes no result indicators at all")
        return
    yield Finding(
        "result/indicator",
        f"{claim}, but none of its {len(found)} result indicators mentions women, girls or "
        "gender, or is broken down by sex",
    )


@_rule(
    "principal-without-gender-objective",
    Severity.INFO,
    "Marked 2 but the text states no gender equality objective (heuristic)",
)
def _principal_without_objective(activity: Activity, today: date) -> Iterator[Finding]:
    """Principal (2) means gender equality is the main objective, so the title or descriptions
    should say so. This is a heuristic: it only searches the title and descriptions for phrases
    such as "gender equality", "women's empowerment" or "violence against women" (and their
    French, Spanish and Japanese equivalents). A miss means "a person should read this", not
    that the score is wrong; a project for adolescent girls can be principal without the words."""
    if read_gender_marker(activity).score != 2:
        return
    texts = narrative_texts(
        activity.titles, *(description.narratives for description in activity.descriptions)
    )
    if term_list("equality_objective").find(texts) is not None:
        return
    missing = "" if activity.descriptions else " (it publishes no description)"
    yield Finding(
        "title, description",
        "marked principal (2), but no gender equality objective was found in its title or "
        f"descriptions{missing}; this check only looks for words",
    )


@_rule(
    "gender-marker-invalid-significance",
    Severity.ERROR,
    "Gender marker significance other than 0, 1 or 2",
)
def _invalid_significance(activity: Activity, today: date) -> Iterator[Finding]:
    """The gender equality marker takes only 0, 1 or 2. Significance 3 belongs to the
    desertification marker and 4 to the RMNCH marker; anything else is not a code at all. The
    value cannot be mapped to a score, so the activity counts as unscored until corrected."""
    marker = read_gender_marker(activity)
    if marker.state is not MarkerState.INVALID:
        return
    reason = {
        "3": "3 is only defined for the desertification marker",
        "4": "4 is only defined for the RMNCH marker",
    }.get((marker.raw or "").strip(), "it is not a policy significance code")
    yield Finding(
        "policy-marker/@significance",
        f"gender equality marker has significance {marker.raw!r}, which is invalid: {reason}",
    )


@_rule(
    "not-targeted-on-gender-sector",
    Severity.WARNING,
    "Marked 0 but reported under a gender equality sector",
)
def _not_targeted_on_gender_sector(activity: Activity, today: date) -> Iterator[Finding]:
    """Sectors 15170 (women's rights organisations and government institutions) and 15180
    (ending violence against women and girls) are about gender equality by definition, so a
    score of 0 (not targeted) contradicts them. The flag fires when any share of the activity
    is under such a sector; the message says whether that is all of it or part of it, because
    a small component may be a coding slip while 100% is a plain contradiction."""
    if read_gender_marker(activity).score != 0:
        return
    dac_sectors = [sector for sector in activity.sectors if sector.vocabulary == "1"]
    hits = [sector for sector in dac_sectors if sector.code.strip() in GENDER_SECTORS]
    if not hits:
        return
    described = "; ".join(
        f"{sector.code.strip()} {GENDER_SECTORS[sector.code.strip()]}"
        + ("" if sector.percentage is None else f" ({sector.percentage}%)")
        for sector in hits
    )
    extent = "all of its sectors are" if len(hits) == len(dac_sectors) else "part of it is under"
    yield Finding(
        "sector",
        f"marked 0 (not targeted) on the gender equality marker, but {extent} gender "
        f"equality sectors: {described}",
    )


@_rule(
    "sex-disaggregated-target-without-actual",
    Severity.WARNING,
    "Sex-disaggregated target with no sex-disaggregated actual after the period ended",
)
def _target_without_actual(activity: Activity, today: date) -> Iterator[Finding]:
    """A target broken down by sex promises that results for women and men will be reported.
    Once the period has ended (its end date is before today) the period should have an actual
    broken down by sex too; actuals that exist only as a total still hide the gender result.
    Periods without an end date are skipped: there is no moment when they become overdue."""
    for indicator in indicators(activity):
        for period in indicator.periods:
            if period.end is None or period.end >= today:
                continue
            if not has_sex_dimension(period.targets):
                continue
            reported = [actual for actual in period.actuals if actual.value is not None]
            if has_sex_dimension(reported):
                continue
            problem = (
                "its actual values are not broken down by sex"
                if reported
                else "no actual value was reported"
            )
            yield Finding(
                "result/indicator/period/actual",
                f"indicator {indicator_title(indicator)!r} has targets by sex for the period "
                f"ending {period.end.isoformat()}, but {problem}",
            )


@_rule("gender-marker-missing", Severity.WARNING, "No gender equality marker (not screened)")
def _marker_missing(activity: Activity, today: date) -> Iterator[Finding]:
    """Without a gender equality policy marker (vocabulary 1, code 1) the activity has not been
    screened. Not screened is kept apart from 0: counting it as "not targeted" would make the
    share of screened aid look complete when it is not."""
    if read_gender_marker(activity).state is MarkerState.NOT_SCREENED:
        yield Finding(
            "policy-marker",
            "has no gender equality policy marker: not screened (this is not the same as 0)",
        )


@_rule(
    "gender-marker-without-significance",
    Severity.WARNING,
    "Gender marker present without a significance (treated as not screened)",
)
def _marker_without_significance(activity: Activity, today: date) -> Iterator[Finding]:
    """A gender equality marker with no significance says the publisher knows the marker exists
    but not the score. Parity treats it as not screened rather than guessing 0, and gives it its
    own flag because the fix (fill in the significance) differs from screening from scratch."""
    if read_gender_marker(activity).state is MarkerState.NO_SIGNIFICANCE:
        yield Finding(
            "policy-marker/@significance",
            "has a gender equality policy marker without a significance; treated as not screened",
        )
