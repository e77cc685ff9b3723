"""Template filters for mainstreaming.words: ``{% load review_words %}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from parity.mainstreaming.words import score_words, tag_rule_words

register = template.Library()


@register.filter
def score_name(code: str | None, scheme: str) -> str:
    """``{{ review.proposed_score|score_name:review.scheme }}``: see score_words."""
    return score_words(str(scheme), code)


@register.filter
def score_names(codes: list[str], scheme: str) -> str:
    """Several scores of one scheme, joined as the reader's language lists them."""
    return gettext(", ").join(score_words(str(scheme), code) for code in codes)


@register.filter
def tag_rule(rule: str) -> str:
    """``{{ tag.rule|tag_rule }}``: see tag_rule_words."""
    return tag_rule_words(rule)
