"""The evidence flags' messages (pure): English templates marked with ``gettext_noop``.

A flag keeps its message as formatted English: it is stored, exported and served by the API
that way. ``translate`` reads the template and its arguments back from that text and gives the
message in the reader's language (``gettext`` is the caller's, as this package imports no
Django); a text no template matches is returned as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from parity.i18n_marker import gettext_noop

NO_GENDER_INDICATOR = gettext_noop(
    "marked %(score)s on the gender equality marker, but none of its %(count)s result "
    "indicators mentions women, girls or gender, or is broken down by sex"
)
NO_RESULTS_OF_VERSION = gettext_noop(
    "marked %(score)s on the gender equality marker; its file carries no result indicators "
    "(an IATI %(version)s file), so gender indicators cannot be checked"
)
NO_RESULTS = gettext_noop(
    "marked %(score)s on the gender equality marker; its file carries no result indicators, "
    "so gender indicators cannot be checked"
)
NO_OBJECTIVE = gettext_noop(
    "marked principal (2), but no gender equality objective was found in its title or "
    "descriptions; this check only looks for words"
)
NO_OBJECTIVE_NO_DESCRIPTION = gettext_noop(
    "marked principal (2), but no gender equality objective was found in its title or "
    "descriptions (it publishes no description); this check only looks for words"
)
INVALID_DESERTIFICATION = gettext_noop(
    "gender equality marker has significance %(value)s, which is invalid: 3 is only defined "
    "for the desertification marker"
)
INVALID_RMNCH = gettext_noop(
    "gender equality marker has significance %(value)s, which is invalid: 4 is only defined "
    "for the RMNCH marker"
)
INVALID_CODE = gettext_noop(
    "gender equality marker has significance %(value)s, which is invalid: it is not a policy "
    "significance code"
)
SECTOR_ALL = gettext_noop(
    "marked 0 (not targeted) on the gender equality marker, but all of its sectors are "
    "gender equality sectors: %(sectors)s"
)
SECTOR_PART = gettext_noop(
    "marked 0 (not targeted) on the gender equality marker, but part of it is under gender "
    "equality sectors: %(sectors)s"
)
ACTUAL_NOT_BY_SEX = gettext_noop(
    "indicator %(title)s has targets by sex for the period ending %(end)s, but its actual "
    "values are not broken down by sex"
)
NO_ACTUAL = gettext_noop(
    "indicator %(title)s has targets by sex for the period ending %(end)s, but no actual "
    "value was reported"
)
NOT_SCREENED = gettext_noop(
    "has no gender equality policy marker: not screened (this is not the same as 0)"
)
SCREENED_THROUGH_COMPONENTS = gettext_noop(
    "has no gender equality policy marker, but %(count)s of its components carry one "
    "(%(listed)s); screened through its components"
)
PASS_THROUGH = gettext_noop(
    "has no gender equality policy marker; its aid type is %(aid_types)s, where the "
    "recipient decides how the money is used"
)
NO_SIGNIFICANCE = gettext_noop(
    "has a gender equality policy marker without a significance; treated as not screened"
)
NO_GENDER_ANALYSIS = gettext_noop(
    "marked %(score)s on the gender equality marker, but no gender analysis is mentioned in "
    "its title, descriptions or document titles"
)
SIGNIFICANT_NO_OBJECTIVE = gettext_noop(
    "marked significant (1), but no gender equality objective was found in its title or "
    "descriptions; this check only looks for words"
)
PEOPLE_NOT_BY_SEX = gettext_noop(
    "indicator %(title)s counts people but none of its values is broken down by sex"
)
NO_INDICATOR_AT_OUTCOME_OR_OUTPUT = gettext_noop(
    "marked principal (2), but no gender-specific indicator at outcome or output level"
)
NO_INDICATOR_AT_OUTCOME = gettext_noop(
    "marked principal (2), but no gender-specific indicator at outcome level"
)
NO_INDICATOR_AT_OUTPUT = gettext_noop(
    "marked principal (2), but no gender-specific indicator at output level"
)
NO_EVALUATION = gettext_noop(
    "marked %(score)s on the gender equality marker, but neither an evaluation document nor a "
    "plan to evaluate is published"
)
TEMPLATES = (
    NO_GENDER_ANALYSIS,
    SIGNIFICANT_NO_OBJECTIVE,
    PEOPLE_NOT_BY_SEX,
    NO_INDICATOR_AT_OUTCOME_OR_OUTPUT,
    NO_INDICATOR_AT_OUTCOME,
    NO_INDICATOR_AT_OUTPUT,
    NO_EVALUATION,
    NO_GENDER_INDICATOR,
    NO_RESULTS_OF_VERSION,
    NO_RESULTS,
    NO_OBJECTIVE,
    NO_OBJECTIVE_NO_DESCRIPTION,
    INVALID_DESERTIFICATION,
    INVALID_RMNCH,
    INVALID_CODE,
    SECTOR_ALL,
    SECTOR_PART,
    ACTUAL_NOT_BY_SEX,
    NO_ACTUAL,
    NOT_SCREENED,
    SCREENED_THROUGH_COMPONENTS,
    PASS_THROUGH,
    NO_SIGNIFICANCE,
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for template in TEMPLATES:
        parts = _PLACEHOLDER.split(template)  # text, name, text, name, ..., text
        pattern = "".join(
            f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
        )
        found.append((template, re.compile(pattern, re.DOTALL)))
    return tuple(found)


def translate(message: str, gettext: Callable[[str], str]) -> str:
    """A flag's English message in the language ``gettext`` translates to, its arguments (a
    score, a count, identifiers, codes) as they were."""
    for template, pattern in _patterns():
        found = pattern.fullmatch(message)
        if found:
            return gettext(template) % found.groupdict()
    return message
