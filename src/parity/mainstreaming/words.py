"""Words for the codes of reviews and tags: a marker scheme's score by its name in the
reader's language ("ジェンダー平等政策・制度支援", not "policy-institution"), the DAC's numeric
scores with their number kept ("2 Principal objective"), and an automatic tag's rule as a
sentence translated when shown, never stored as one."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from parity.iati import codelists
from parity.markers import MarkerError, load_scheme


def score_words(scheme: str, code: str | None) -> str:
    """A score of ``scheme`` as a reader names it. A numeric code (the DAC's 0, 1, 2) is a name
    in itself that readers use, so it stays before the label; a slug is left out. An unknown
    scheme or score is shown as stored, so nothing recorded is hidden."""
    if not code:
        return ""
    try:
        label = gettext(load_scheme(scheme).score(code).label)
    except MarkerError:
        return code
    return f"{code} {label}" if code.isdigit() else label


# How tagging.priority_tags_apply records the rule behind an automatic tag: the rule's kind and
# value, then the activity's sector that matched ("prefix 15 (sector 15110)"). It is a key kept
# for the admin and for re-reading, not a sentence: the reader sees tag_rule_words.
_TAG_RULE = re.compile(r"^(?P<kind>code|prefix) (?P<value>\d{2,5}) \(sector (?P<sector>\d{3,5})\)$")


def tag_rule_words(rule: str) -> str:
    """Why an automatic tag was set, in the reader's language: "Suggested from purpose code
    15170 (Women's rights organisations ...)" or "... sector 15110 (...), by the rule for the
    codes starting with 15". A rule written another way (another organisation's rules file)
    is shown as stored."""
    found = _TAG_RULE.match(rule or "")
    if found is None:
        return rule or ""
    sector = found["sector"]
    codelist = "Sector" if len(sector) == 5 else "SectorCategory"
    english = codelists.name(codelist, sector)
    named = f"{sector} {gettext(english)}" if english else sector
    if found["kind"] == "code":
        return gettext("Suggested from purpose code %(sector)s") % {"sector": named}
    return gettext(
        "Suggested from sector %(sector)s, by the rule for the codes starting with %(prefix)s"
    ) % {"sector": named, "prefix": found["value"]}
