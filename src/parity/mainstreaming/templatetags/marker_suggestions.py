"""``{% marker_suggestion activity %}``: the model's suggestion for an unscreened activity, its
reasons, what the model was trained on and how well it did, and the reviewer's accept/reject."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext, gettext_noop

from parity import roles
from parity.iati import codelists
from parity.mainstreaming import suggestions

register = template.Library()

FIGURES = (
    ("macro_f1", gettext_noop("macro-F1 (0/1/2)")),
    ("focused_f1", gettext_noop("F1 for focused (1 or 2) against not")),
    ("precision_top_100", gettext_noop("share focused among the 100 highest scored")),
    ("brier", gettext_noop("Brier score (0 is perfect)")),
)

# What a reason of the model is ("word: women", "purpose: 15170"), in the reader's words.
FEATURE_KINDS = {
    "word": gettext_noop("word: %(value)s"),
    "purpose": gettext_noop("purpose code: %(value)s"),
    "sector": gettext_noop("sector category: %(value)s"),
    "provider": gettext_noop("provider: %(value)s"),
    "aid type": gettext_noop("aid type: %(value)s"),
}
CODE_LISTS = {"purpose": "Sector", "sector": "SectorCategory", "aid type": "AidType"}


def feature_label(feature: str) -> str:
    """A reason's word or code as a reader names it: "語: women", "purpose code: 15170 Women's
    rights organisations ..." (the code's name from the catalogue)."""
    kind, _, value = feature.partition(": ")
    pattern = FEATURE_KINDS.get(kind)
    if pattern is None:
        return feature
    name = codelists.name(CODE_LISTS[kind], value) if kind in CODE_LISTS else ""
    return gettext(pattern) % {"value": f"{value} {gettext(name)}" if name else value}


@register.inclusion_tag("mainstreaming/_suggestion.html", takes_context=True)
def marker_suggestion(context: dict[str, Any], activity: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    header = suggestions.current_header()
    shown = suggestions.suggestion_for(activity) if activity.gender_marker is None else None
    figures = (header or {}).get("cross_validated", {})
    return {
        "activity": activity,
        "suggestion": shown,
        "percent": round(shown.probability * 100)
        if shown and shown.probability is not None
        else None,
        "reasons": [(feature_label(f), weight) for f, weight in shown.reasons] if shown else [],
        "model": header,
        # Lists put together here, so that each language joins and brackets them its own way
        # (Japanese brackets and list separator, a thousands separator in the count).
        "trained_on": gettext(", ").join(
            gettext("%(source)s (%(rows)s)")
            % {"source": gettext(source["source"]), "rows": intcomma(source["rows"])}
            for source in (header or {}).get("trained_on", [])
        ),
        "figures": gettext(", ").join(
            f"{gettext(label)} {figures[key]:.2f}" for key, label in FIGURES if key in figures
        ),
        "judgement": gettext(suggestions.JUDGEMENT),
        "can_decide": user is not None and roles.can(user, roles.APPROVE),
        "csrf_token": context.get("csrf_token"),
    }
