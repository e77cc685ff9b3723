"""``{% marker_suggestion activity %}``: the model's suggestion for an unscreened activity, its
reasons, what the model was trained on and how well it did, and the reviewer's accept/reject."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, gettext_noop

from parity import roles
from parity.mainstreaming import suggestions

register = template.Library()

FIGURES = (
    ("macro_f1", gettext_noop("macro-F1 (0/1/2)")),
    ("focused_f1", gettext_noop("F1 for focused (1 or 2) against not")),
    ("precision_top_100", gettext_noop("share focused among the 100 highest scored")),
    ("brier", gettext_noop("Brier score (0 is perfect)")),
)


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
        "model": header,
        "figures": [(gettext(label), figures[key]) for key, label in FIGURES if key in figures],
        "judgement": gettext(suggestions.JUDGEMENT),
        "can_decide": user is not None and roles.can(user, roles.APPROVE),
        "csrf_token": context.get("csrf_token"),
    }
