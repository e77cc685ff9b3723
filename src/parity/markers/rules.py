"""Evidence rules: pure checks of one activity against what its gender marker claims.

Each rule is a small generator registered in ``RULES`` under a stable slug (stored with flags in
the database and used in URLs, so never renamed). Its docstring is the reasoning shown to users
when they ask why something was flagged. Rules yield ``Finding``s; ``check_activity`` turns them
into ``Flag``s carrying the rule id, severity and activity identifier. A rule sees one activity
and ``Held``: the little it may know of the other activities held beside it (which components
were screened). The DAC minimum-criteria rules live in ``parity.markers.criteria``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from parity.i18n_marker import gettext_noop
from parity.iati.model import Activity
from parity.markers import messages as say
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


# Aid types whose money goes into another body's own budget (AidType codelist names).
PASS_THROUGH = {
    "A01": "general budget support",
    "A02": "sector budget support",
    "B01": "core support to NGOs and other private bodies",
    "B02": "core contributions to multilateral institutions",
}


def screened_components(activity: Activity, held: Held) -> list[str]:
    """Identifiers of the activity's children (related-activity type 2) that are held with a
    gender marker score."""
    return [
        related.ref
        for related in activity.related_activities
        if related.type == "2" and related.ref in held.screened
    ]


def pass_through_aid_types(activity: Activity) -> list[str]:
    """Budget support and core contribution aid types the activity gives (DAC vocabulary):
    its default aid types, else those of its transactions when every one that gives an aid
    type gives such a code."""
    if activity.default_aid_types:
        codes = list(dict.fromkeys(activity.default_aid_types))
        return codes if all(code in PASS_THROUGH for code in codes) else []
    codes = list(dict.fromkeys(t.aid_type for t in activity.transactions if t.aid_type))
    return codes if codes and all(code in PASS_THROUGH for code in codes) else []


class Finding(NamedTuple):
    element: str
    message_id: str  # parity.markers.messages
    args: Mapping[str, object] | None = None  # the template's arguments, as str() gives them


@dataclass(frozen=True)
class Held:
    """What the rules know of the other activities held in the data: the identifiers of those
    that carry a gender equality marker score (0, 1 or 2). Empty when checking a lone file."""

    screened: frozenset[str] = frozenset()


Check = Callable[[Activity, date, Held], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Check

    @property
    def description(self) -> str:
        return inspect.getdoc(self.check) or ""

    def run(self, activity: Activity, today: date, held: Held = Held()) -> list[Flag]:
        return [
            Flag(
                self.id,
                self.severity,
                activity.identifier,
                finding.element,
                finding.message_id,
                {name: str(value) for name, value in (finding.args or {}).items()},
            )
            for finding in self.check(activity, today, held)
        ]


RULES: dict[str, Rule] = {}


def evidence_rule(rule_id: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, check)
        return check

    return register


def check_activity(
    activity: Activity,
    today: date,
    rules: Iterable[Rule] | None = None,
    *,
    held: Held = Held(),
) -> list[Flag]:
    """All flags for one activity, in registry order. ``today`` is a parameter (not the clock)
    so that results are reproducible and tests need no time mocking."""
    selected = RULES.values() if rules is None else rules
    return [flag for rule in selected for flag in rule.run(activity, today, held)]


@evidence_rule(
    "gender-focused-without-gender-indicator",
    Severity.WARNING,
    gettext_noop("Marked 1 or 2 but no gender-specific result indicator"),
)
def _without_gender_indicator(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """A significant (1) or principal (2) score requires at least one gender-specific indicator
    backing the gender equality objective. An indicator counts when its title or description
    mentions women, girls, gender, sex-disaggregation and the like (English, French, Spanish and
    Japanese word lists), or when any baseline, target or actual is broken down by sex. The
    DAC allows a firm commitment to add indicators later; that commitment is not in IATI, so
    the flag is a prompt to record it, not proof that the score is wrong. An activity whose file
    carries no results at all is not flagged here but under "results-not-published": the
    indicators may exist, the file just does not say."""
    marker = read_gender_marker(activity)
    if not marker.gender_focused:
        return
    found = list(indicators(activity))
    if not found or any(is_gender_specific(indicator) for indicator in found):
        return
    yield Finding(
        "result/indicator", say.NO_GENDER_INDICATOR, {"score": marker.score, "count": len(found)}
    )


@evidence_rule(
    "results-not-published",
    Severity.INFO,
    gettext_noop("Marked 1 or 2 but the file carries no results: indicators cannot be checked"),
)
def _results_not_published(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """A significant (1) or principal (2) score needs gender-specific indicators, but this
    activity's file has no result indicators at all, often because it is an IATI 1.0x file or
    the publisher does not publish results. That is not evidence that indicators are missing:
    the check cannot be made, and the flag says so rather than reporting them as missing."""
    marker = read_gender_marker(activity)
    if not marker.gender_focused or any(True for _ in indicators(activity)):
        return
    if activity.iati_version:
        args = {"score": marker.score, "version": activity.iati_version}
        yield Finding("result", say.NO_RESULTS_OF_VERSION, args)
    else:
        yield Finding("result", say.NO_RESULTS, {"score": marker.score})


@evidence_rule(
    "principal-without-gender-objective",
    Severity.INFO,
    gettext_noop("Marked 2 but the text states no gender equality objective (heuristic)"),
)
def _principal_without_objective(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
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
    yield Finding(
        "title, description",
        say.NO_OBJECTIVE if activity.descriptions else say.NO_OBJECTIVE_NO_DESCRIPTION,
    )


@evidence_rule(
    "gender-marker-invalid-significance",
    Severity.ERROR,
    gettext_noop("Gender marker significance other than 0, 1 or 2"),
)
def _invalid_significance(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """The gender equality marker takes only 0, 1 or 2. Significance 3 belongs to the
    desertification marker and 4 to the RMNCH marker; anything else is not a code at all. The
    value cannot be mapped to a score, so the activity counts as unscored until corrected."""
    marker = read_gender_marker(activity)
    if marker.state is not MarkerState.INVALID:
        return
    template = {"3": say.INVALID_DESERTIFICATION, "4": say.INVALID_RMNCH}.get(
        (marker.raw or "").strip(), say.INVALID_CODE
    )
    yield Finding("policy-marker/@significance", template, {"value": repr(marker.raw)})


@evidence_rule(
    "not-targeted-on-gender-sector",
    Severity.WARNING,
    gettext_noop("Marked 0 but reported under a gender equality sector"),
)
def _not_targeted_on_gender_sector(
    activity: Activity, today: date, held: Held
) -> Iterator[Finding]:
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
    template = say.SECTOR_ALL if len(hits) == len(dac_sectors) else say.SECTOR_PART
    yield Finding("sector", template, {"sectors": described})


@evidence_rule(
    "sex-disaggregated-target-without-actual",
    Severity.WARNING,
    gettext_noop(
        "Sex-disaggregated target with no sex-disaggregated actual after the period ended"
    ),
)
def _target_without_actual(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
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
            template = say.ACTUAL_NOT_BY_SEX if reported else say.NO_ACTUAL
            yield Finding(
                "result/indicator/period/actual",
                template,
                {"title": repr(indicator_title(indicator)), "end": period.end.isoformat()},
            )


@evidence_rule(
    "gender-marker-missing",
    Severity.WARNING,
    gettext_noop("No gender equality marker (not screened)"),
)
def _marker_missing(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """Without a gender equality policy marker (vocabulary 1, code 1) the activity has not been
    screened. Not screened is kept apart from 0: counting it as "not targeted" would make the
    share of screened aid look complete when it is not. A parent whose components carry the
    marker, and budget support or a core contribution, have rules of their own (below)."""
    if read_gender_marker(activity).state is not MarkerState.NOT_SCREENED:
        return
    if screened_components(activity, held) or pass_through_aid_types(activity):
        return
    yield Finding("policy-marker", say.NOT_SCREENED)


@evidence_rule(
    "gender-marker-missing-parent",
    Severity.INFO,
    gettext_noop("Parent activity without a gender marker; its components carry one"),
)
def _parent_marker_missing(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """A parent activity (a programme) often leaves the marker to its components: the related
    activities it lists as children (type 2). When components held in the data carry a gender
    marker score, the programme was screened through them; the flag only asks whether the
    parent should carry its own score, and is not counted as "not screened"."""
    if read_gender_marker(activity).state is not MarkerState.NOT_SCREENED:
        return
    components = screened_components(activity, held)
    if components:
        listed = ", ".join(components[:3]) + (", ..." if len(components) > 3 else "")
        yield Finding(
            "policy-marker",
            say.SCREENED_THROUGH_COMPONENTS,
            {"count": len(components), "listed": listed},
        )


@evidence_rule(
    "gender-marker-missing-pass-through",
    Severity.INFO,
    gettext_noop("Budget support or core contribution without a gender marker"),
)
def _pass_through_marker_missing(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """Budget support (aid types A01, A02) and core contributions to NGOs or multilateral
    organisations (B01, B02) pass money into another body's own budget: the DAC does not
    expect the provider to screen general budget support and core contributions to
    multilaterals, and the use of the money is decided by the recipient. Such an activity
    without a marker is told apart from an unscreened project."""
    if read_gender_marker(activity).state is not MarkerState.NOT_SCREENED:
        return
    if screened_components(activity, held):
        return
    kinds = pass_through_aid_types(activity)
    if kinds:
        described = "; ".join(f"{code} {PASS_THROUGH[code]}" for code in kinds)
        yield Finding("policy-marker", say.PASS_THROUGH, {"aid_types": described})


@evidence_rule(
    "gender-marker-without-significance",
    Severity.WARNING,
    gettext_noop("Gender marker present without a significance (treated as not screened)"),
)
def _marker_without_significance(activity: Activity, today: date, held: Held) -> Iterator[Finding]:
    """A gender equality marker with no significance says the publisher knows the marker exists
    but not the score. Parity treats it as not screened rather than guessing 0, and gives it its
    own flag because the fix (fill in the significance) differs from screening from scratch."""
    if read_gender_marker(activity).state is MarkerState.NO_SIGNIFICANCE:
        yield Finding("policy-marker/@significance", say.NO_SIGNIFICANCE)
