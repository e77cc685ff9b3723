"""The statistics page in words: measures, dimensions and the codes of each cell, and the chart
of the released counts (a suppressed count is left out of the chart, never drawn as a value)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parity.protection import models as m
from parity.protection.services.statistics import Table

MEASURE_WORDS = {
    "contacts": gettext_lazy("Hotline contacts"),
    "cases": gettext_lazy("Cases opened"),
    "identifications": gettext_lazy("Victims identified"),
    "services": gettext_lazy("Services given"),
    "outcomes": gettext_lazy("Follow-up outcomes"),
}
DIMENSION_WORDS = {
    "sex": gettext_lazy("Sex"),
    "age_band": gettext_lazy("Age band"),
    "nationality": gettext_lazy("Nationality"),
    "exploitation": gettext_lazy("Exploitation type"),
    "year": gettext_lazy("Year"),
}
CODE_WORDS = {"sex": dict(m.SEXES), "exploitation": dict(m.TOPICS), "age_band": dict(m.AGE_BANDS)}


def cell_word(dimension: str, key: str) -> str:
    if key == "unknown":
        return _("not given")
    return str(CODE_WORDS.get(dimension, {}).get(key, key))


def chart(table: Table, rows: list[tuple[str, str, int | None]]) -> dict | None:
    """A plotly bar chart of the released counts, or None when no count is released."""
    shown = [(word, value) for _key, word, value in rows if value is not None]
    if not shown:
        return None
    return {
        "data": [
            {
                "type": "bar",
                "x": [word for word, _value in shown],
                "y": [value for _word, value in shown],
                "marker": {"color": "#5b2a86"},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            "height": 320,
            "margin": {"l": 50, "r": 10, "t": 10, "b": 80},
            "xaxis": {"title": {"text": str(DIMENSION_WORDS[table.dimension])}, "type": "category"},
            "yaxis": {"title": {"text": str(MEASURE_WORDS[table.measure])}, "rangemode": "tozero"},
        },
    }
