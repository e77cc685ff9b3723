"""Plotly figures as plain JSON (drawn by the plotly.js that Parity serves itself)."""

from __future__ import annotations

from decimal import Decimal

from parity.commitments.tracking.money import MoneyReport

MILLION = Decimal(1_000_000)
REACHED, REMAINING, YEARLY = "#5b2a86", "#e0d8ea", "#7f6a9a"


def _millions(value: Decimal) -> float:
    return round(float(value / MILLION), 1)


def progress_figure(report: MoneyReport) -> dict | None:
    """The pledge's progress as a plotly figure (plain data): above, a progress bar of the
    running total against the target; below, each year's amount on its own scale, so that
    small yearly bars stay visible beside a large target. Money in millions, one decimal.
    None when nothing was reached: the page says why instead of drawing empty axes."""
    rows = report.cumulative()
    if not any(amount for _, amount, _ in rows):
        return None
    years = [year for year, _, _ in rows]
    reached = rows[-1][2] if rows else Decimal(0)
    target = report.target.amount
    currency = report.target.currency
    unit = f"{currency} million"
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Reached",
                "x": [_millions(reached)],
                "y": ["Target"],
                "xaxis": "x2",
                "yaxis": "y2",
                "marker": {"color": REACHED},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "Still to reach",
                "x": [_millions(max(target - reached, Decimal(0)))],
                "y": ["Target"],
                "xaxis": "x2",
                "yaxis": "y2",
                "marker": {"color": REMAINING},
            },
            {
                "type": "bar",
                "name": "In the year",
                "x": years,
                "y": [_millions(amount) for _, amount, _ in rows],
                "marker": {"color": YEARLY},
            },
        ],
        "layout": {
            "barmode": "stack",
            "title": {"text": f"Progress ({unit}, {report.target.basis})"},
            "xaxis": {"type": "linear", "tickformat": "d", "dtick": 1, "anchor": "y"},
            "yaxis": {
                "title": {"text": unit},
                "rangemode": "tozero",
                "domain": [0, 0.6],
                "automargin": True,
                "hoverformat": ",.1f",
            },
            "xaxis2": {
                "anchor": "y2",
                "rangemode": "tozero",
                "title": {"text": f"{unit}: reached of the target ({_millions(target):,.1f})"},
                "hoverformat": ",.1f",
            },
            "yaxis2": {"domain": [0.78, 1], "anchor": "x2", "automargin": True},
            "margin": {"t": 50, "r": 10, "b": 40, "l": 70},
            "legend": {"orientation": "h", "y": -0.15},
            "height": 440,
        },
    }
