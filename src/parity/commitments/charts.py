"""Plotly figures as plain JSON (drawn by the plotly.js that Parity serves itself)."""

from __future__ import annotations

from parity.commitments.tracking.money import MoneyReport


def progress_figure(report: MoneyReport) -> dict:
    """Cumulative progress by year against the target, as a plotly figure (plain data)."""
    years = [str(year) for year, _, _ in report.cumulative()]
    yearly = [float(amount) for _, amount, _ in report.cumulative()]
    running = [float(total) for _, _, total in report.cumulative()]
    target = float(report.target.amount)
    currency = report.target.currency
    figure = {
        "data": [
            {"type": "bar", "name": "In the year", "x": years, "y": yearly},
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "Cumulative",
                "x": years,
                "y": running,
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Target",
                "x": years,
                "y": [target] * len(years),
                "line": {"dash": "dash"},
            },
        ],
        "layout": {
            "title": {"text": f"Progress ({currency}, {report.target.basis})"},
            "yaxis": {"title": {"text": currency}, "rangemode": "tozero"},
            "margin": {"t": 40, "r": 10, "b": 40, "l": 70},
            "legend": {"orientation": "h"},
        },
    }
    return figure
