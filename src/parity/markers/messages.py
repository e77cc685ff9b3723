"""The evidence flags' messages (pure): a stable id each, its English template marked with
``gettext_noop``.

A flag carries its message as an id and arguments (a score, a count, identifiers, codes), and
is stored that way. ``render`` puts the arguments into the template: in English (exports, the
API, ``check-markers``) or, with the caller's ``gettext`` (this package imports no Django), in
the reader's language. An id is stored with flags: never renamed or reused (a reworded message
keeps its id).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from parity.i18n_marker import gettext_noop

# A stored message no template matched when flags moved to ids (its text is its "text").
AS_WRITTEN = ""

NO_GENDER_INDICATOR = "no-gender-indicator"
NO_RESULTS_OF_VERSION = "no-results-of-version"
NO_RESULTS = "no-results"
NO_OBJECTIVE = "no-objective"
NO_OBJECTIVE_NO_DESCRIPTION = "no-objective-no-description"
INVALID_DESERTIFICATION = "invalid-desertification"
INVALID_RMNCH = "invalid-rmnch"
INVALID_CODE = "invalid-code"
SECTOR_ALL = "sector-all"
SECTOR_PART = "sector-part"
ACTUAL_NOT_BY_SEX = "actual-not-by-sex"
NO_ACTUAL = "no-actual"
NOT_SCREENED = "not-screened"
SCREENED_THROUGH_COMPONENTS = "screened-through-components"
PASS_THROUGH = "pass-through"
NO_SIGNIFICANCE = "no-significance"
NO_GENDER_ANALYSIS = "no-gender-analysis"
SIGNIFICANT_NO_OBJECTIVE = "significant-no-objective"
PEOPLE_NOT_BY_SEX = "people-not-by-sex"
NO_INDICATOR_AT_OUTCOME_OR_OUTPUT = "no-indicator-at-outcome-or-output"
NO_INDICATOR_AT_OUTCOME = "no-indicator-at-outcome"
NO_INDICATOR_AT_OUTPUT = "no-indicator-at-output"
NO_EVALUATION = "no-evaluation"

# Each id's English template, in the order the rules were written.
TEMPLATES: dict[str, str] = {
    NO_GENDER_INDICATOR: gettext_noop(
        "marked %(score)s on the gender equality marker, but none of its %(count)s result "
        "indicators mentions women, girls or gender, or is broken down by sex"
    ),
    NO_RESULTS_OF_VERSION: gettext_noop(
        "marked %(score)s on the gender equality marker; its file carries no result indicators "
        "(an IATI %(version)s file), so gender indicators cannot be checked"
    ),
    NO_RESULTS: gettext_noop(
        "marked %(score)s on the gender equality marker; its file carries no result indicators, "
        "so gender indicators cannot be checked"
    ),
    NO_OBJECTIVE: gettext_noop(
        "marked principal (2), but no gender equality objective was found in its title or "
        "descriptions; this check only looks for words"
    ),
    NO_OBJECTIVE_NO_DESCRIPTION: gettext_noop(
        "marked principal (2), but no gender equality objective was found in its title or "
        "descriptions (it publishes no description); this check only looks for words"
    ),
    INVALID_DESERTIFICATION: gettext_noop(
        "gender equality marker has significance %(value)s, which is invalid: 3 is only defined "
        "for the desertification marker"
    ),
    INVALID_RMNCH: gettext_noop(
        "gender equality marker has significance %(value)s, which is invalid: 4 is only defined "
        "for the RMNCH marker"
    ),
    INVALID_CODE: gettext_noop(
        "gender equality marker has significance %(value)s, which is invalid: it is not a policy "
        "significance code"
    ),
    SECTOR_ALL: gettext_noop(
        "marked 0 (not targeted) on the gender equality marker, but all of its sectors are "
        "gender equality sectors: %(sectors)s"
    ),
    SECTOR_PART: gettext_noop(
        "marked 0 (not targeted) on the gender equality marker, but part of it is under gender "
        "equality sectors: %(sectors)s"
    ),
    ACTUAL_NOT_BY_SEX: gettext_noop(
        "indicator %(title)s has targets by sex for the period ending %(end)s, but its actual "
        "values are not broken down by sex"
    ),
    NO_ACTUAL: gettext_noop(
        "indicator %(title)s has targets by sex for the period ending %(end)s, but no actual "
        "value was reported"
    ),
    NOT_SCREENED: gettext_noop(
        "has no gender equality policy marker: not screened (this is not the same as 0)"
    ),
    SCREENED_THROUGH_COMPONENTS: gettext_noop(
        "has no gender equality policy marker, but %(count)s of its components carry one "
        "(%(listed)s); screened through its components"
    ),
    PASS_THROUGH: gettext_noop(
        "has no gender equality policy marker; its aid type is %(aid_types)s, where the "
        "recipient decides how the money is used"
    ),
    NO_SIGNIFICANCE: gettext_noop(
        "has a gender equality policy marker without a significance; treated as not screened"
    ),
    NO_GENDER_ANALYSIS: gettext_noop(
        "marked %(score)s on the gender equality marker, but no gender analysis is mentioned in "
        "its title, descriptions or document titles"
    ),
    SIGNIFICANT_NO_OBJECTIVE: gettext_noop(
        "marked significant (1), but no gender equality objective was found in its title or "
        "descriptions; this check only looks for words"
    ),
    PEOPLE_NOT_BY_SEX: gettext_noop(
        "indicator %(title)s counts people but none of its values is broken down by sex"
    ),
    NO_INDICATOR_AT_OUTCOME_OR_OUTPUT: gettext_noop(
        "marked principal (2), but no gender-specific indicator at outcome or output level"
    ),
    NO_INDICATOR_AT_OUTCOME: gettext_noop(
        "marked principal (2), but no gender-specific indicator at outcome level"
    ),
    NO_INDICATOR_AT_OUTPUT: gettext_noop(
        "marked principal (2), but no gender-specific indicator at output level"
    ),
    NO_EVALUATION: gettext_noop(
        "marked %(score)s on the gender equality marker, but neither an evaluation document nor a "
        "plan to evaluate is published"
    ),
}


def render(
    message_id: str, args: Mapping[str, str], gettext: Callable[[str], str] | None = None
) -> str:
    """The message with its arguments: in English, or in the language ``gettext`` translates
    to. A message kept as written (``AS_WRITTEN``) or whose id this version no longer has is
    given as its "text" argument, else its id."""
    template = TEMPLATES.get(message_id)
    if template is None:
        return args.get("text", message_id)
    return (gettext(template) if gettext else template) % args
