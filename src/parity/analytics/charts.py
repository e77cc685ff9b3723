"""Each figure's chart as plotly JSON (drawn by the plotly.js Parity serves), and its text
alternative. Charts draw exactly the table's rows; the table stays on the page for readers
without JavaScript or a screen."""

from __future__ import annotations

import html
import unicodedata
from decimal import Decimal
from typing import Any

import plotly.io
from django.utils.translation import gettext, ngettext

from parity.analytics.basis import Basis
from parity.analytics.definitions import OTHERS, TOP
from parity.analytics.tables import Table
from parity.markers.purposes import GENDER_PURPOSE_CODES

PRINCIPAL, SIGNIFICANT = "#5b2a86", "#b9a2d0"
# One colour per dedicated purpose code, in the order of GENDER_PURPOSE_CODES.
PURPOSE_COLOURS = (PRINCIPAL, SIGNIFICANT, "#7f7f9a")
MARKER_COLOURS = {
    "principal": PRINCIPAL,
    "significant": SIGNIFICANT,
    "not_targeted": "#9e9e9e",
    "not_screened": "#e4c36b",
}


LABEL_LENGTH = 60  # longer names are shortened with "…" (the table gives them whole)
WRAP_WIDTH = 36  # columns per line of a label shown whole on several lines (pledge titles)
MILLION = 1_000_000
# Whole years on a year axis: never "2,019.5".
YEAR_AXIS = {"type": "linear", "tickformat": "d", "dtick": 1, "automargin": True}


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _millions(values: list) -> list[float | None]:
    """Money in millions, one decimal: what a reader of a chart expects."""
    return [None if v is None else round(float(v) / MILLION, 1) for v in values]


def _money_title(currency: str) -> str:
    return gettext("%(currency)s million") % {"currency": currency}


def _label(text: str) -> str:
    text = str(text)
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "\u2026"


def _width(text: str) -> int:
    """Columns a text takes: two for each wide (Japanese, Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrapped(text: str, width: int = WRAP_WIDTH) -> str:
    """The whole text on lines of about ``width`` columns, joined by plotly's <br>: between
    words where the text has spaces, between characters where it has none (Japanese)."""
    words = str(text).split()
    pieces = words if len(words) > 1 else list(str(text).strip())
    lines, line = [], ""
    for piece in pieces:
        joined = f"{line} {piece}" if line and len(words) > 1 else line + piece
        if line and _width(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    lines.append(line)
    return "<br>".join(html.escape(part, quote=False) for part in lines)


def _year(value: Any) -> Any:
    return int(value) if str(value).isdigit() else value


def _layout(y_title: str, years: bool = True, **extra: Any) -> dict[str, Any]:
    layout = {
        "barmode": "stack",
        # The legend above the plot, clear of the axis titles below it.
        "margin": {"t": 40, "r": 20, "b": 40, "l": 70},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "yaxis": {
            "title": {"text": y_title},
            "rangemode": "tozero",
            "automargin": True,
            "hoverformat": ",.1f",
        },
        "height": 360,
    }
    if years:
        layout["xaxis"] = dict(YEAR_AXIS)
    layout.update(extra)
    return layout


def _ranked(table: Table) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The top rows, and the "All others" row apart (it would dwarf the top ten)."""
    rows = [r for r in table.rows if not OTHERS.fullmatch(str(r.get("name", "")))]
    others = [r for r in table.rows if r not in rows]
    return rows, (others[0] if others else None)


def _single_years(table: Table) -> list[dict[str, Any]]:
    return [row for row in table.rows if "average" not in str(row.get("period", ""))]


def figure_json(name: str, table: Table, basis: Basis) -> str | None:
    """The chart as JSON text for plotly.js, or None when there is nothing to draw."""
    figure = _figure(name, table, basis.currency)
    if figure is None:
        return None
    text = plotly.io.to_json(figure, validate=False)
    # The JSON goes inside a <script> element: escape what could close it (as json_script does).
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _figure(name: str, table: Table, currency: str) -> dict[str, Any] | None:
    if not table.rows:
        return None
    if name == "focused-share":
        rows = _single_years(table)
        x = [_year(r["period"]) for r in rows]
        return {
            "data": [
                _bar(
                    x,
                    _millions([r["principal"] for r in rows]),
                    gettext("Principal (2)"),
                    PRINCIPAL,
                ),
                _bar(
                    x,
                    _millions([r["significant"] for r in rows]),
                    gettext("Significant (1)"),
                    SIGNIFICANT,
                ),
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    # xgettext:no-python-format
                    "name": gettext("Focused, % of allocable"),
                    "x": x,
                    "y": [_pct(r["focused_share"]) for r in rows],
                    "yaxis": "y2",
                    "line": {"color": "#1d1d1f"},
                },
            ],
            "layout": _layout(
                _money_title(currency),
                yaxis2={
                    "title": {"text": "%"},
                    "overlaying": "y",
                    "side": "right",
                    "range": [0, 105],
                    # Whole tens of per cent on their own grid, never the money axis's ticks
                    # carried over (86.3, 64.7).
                    "tickmode": "linear",
                    "tick0": 0,
                    "dtick": 20,
                    "showgrid": False,
                    "automargin": True,
                },
            ),
        }
    if name == "by-marker":
        rows = _single_years(table)
        x = [_year(r["period"]) for r in rows]
        keys = [c for c in table.columns if c.key in MARKER_COLOURS]
        data = [
            _bar(x, _millions([r[c.key] for r in rows]), gettext(c.label), MARKER_COLOURS[c.key])
            for c in keys
        ]
        return {"data": data, "layout": _layout(_money_title(currency))}
    if name == "screened":
        x = [_year(r["year"]) for r in table.rows]
        line = {
            "type": "scatter",
            "mode": "lines+markers",
            # xgettext:no-python-format
            "name": gettext("Screened, % of allocable"),
            "x": x,
            "y": [_pct(r["screened_share"]) for r in table.rows],
            "line": {"color": PRINCIPAL},
        }
        return {
            "data": [line],
            "layout": _layout("%", yaxis={"range": [0, 100], "automargin": True}),
        }
    if name in ("top-recipients", "top-sectors", "priority-areas"):
        top, _others = _ranked(table)
        rows = list(reversed(top))  # plotly draws horizontal bars bottom up
        y = [_label(gettext(r["name"]) if r["name"] else r["name"]) for r in rows]
        principal = _millions([r["principal"] for r in rows])
        significant = _millions([r["significant"] for r in rows])
        data = [
            _bar(principal, y, gettext("Principal (2)"), PRINCIPAL, "h"),
            _bar(significant, y, gettext("Significant (1)"), SIGNIFICANT, "h"),
        ]
        layout = _layout("", years=False, height=max(240, 30 * len(rows) + 80))
        layout["xaxis"] = {"title": {"text": _money_title(currency)}, "hoverformat": ",.1f"}
        layout["yaxis"] = {"automargin": True}
        return {"data": data, "layout": layout}
    if name == "purpose-codes":
        x = [_year(r["year"]) for r in table.rows]
        data = [
            _bar(
                x,
                _millions([r[code] for r in table.rows]),
                f"{code} {_label(gettext(name))}",
                colour,
            )
            for (code, name), colour in zip(
                GENDER_PURPOSE_CODES.items(), PURPOSE_COLOURS, strict=True
            )
        ]
        return {"data": data, "layout": _layout(_money_title(currency))}
    if name == "results-by-sex":
        rows = list(reversed(table.rows[:TOP]))
        y = [_label(r["indicator"]) for r in rows]
        data = [
            _bar([r["female"] for r in rows], y, gettext("Women and girls"), PRINCIPAL, "h"),
            _bar([r["male"] for r in rows], y, gettext("Men and boys"), SIGNIFICANT, "h"),
        ]
        layout = _layout("", years=False, barmode="group", height=max(240, 40 * len(rows) + 80))
        layout["yaxis"] = {"automargin": True}
        return {"data": data, "layout": layout}
    if name == "pledge-progress":
        # A pledge the data cannot verify has no share to draw (the table says so).
        rows = [r for r in reversed(table.rows) if r["share"] is not None]
        if not rows:
            return None
        # Each title whole, on as many lines as it needs.
        y = [_wrapped(gettext(r["pledge"])) for r in rows]
        lines = sum(label.count("<br>") + 1 for label in y)
        # xgettext:no-python-format
        data = [_bar([_pct(r["share"]) for r in rows], y, gettext("% of target"), PRINCIPAL, "h")]
        layout = _layout("", years=False, height=max(240, 18 * lines + 24 * len(rows) + 80))
        # xgettext:no-python-format
        layout["xaxis"] = {"title": {"text": gettext("% of the target")}, "rangemode": "tozero"}
        layout["yaxis"] = {"automargin": True}
        # The target: a line at 100%, the bars beside it on the same scale.
        layout["shapes"] = [
            {
                "type": "line",
                "x0": 100,
                "x1": 100,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dash", "color": "#1d1d1f"},
            }
        ]
        return {"data": data, "layout": layout}
    return None


def _bar(x: list, y: list, name: str, colour: str, orientation: str = "v") -> dict[str, Any]:
    return {
        "type": "bar",
        "name": name,
        "x": [_num(v) if isinstance(v, Decimal) else v for v in x],
        "y": [_num(v) if isinstance(v, Decimal) else v for v in y],
        "orientation": orientation,
        "marker": {"color": colour},
    }


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float(value * 100)


def summary(name: str, table: Table, basis: Basis) -> str:
    """One sentence a screen reader announces for the chart (the table follows it)."""
    if not table.rows:
        return empty_reason(name, basis)
    currency = basis.currency
    if name == "focused-share":
        years = _single_years(table)
        last = years[-1] if years else table.rows[-1]
        pct = _percent_text(last["focused_share"])
        return gettext(
            "In %(period)s, %(share)s of bilateral allocable aid was gender equality focused "
            "(%(amount)s); the table gives every year."
        ) % {
            "period": last["period"],
            "share": pct,
            "amount": _money_text(last["focused"], currency),
        }
    if name == "screened":
        last = table.rows[-1]
        return gettext("In %(year)s, %(share)s was screened.") % {
            "year": last["year"],
            "share": _percent_text(last["screened_share"]),
        }
    if name in ("top-recipients", "top-sectors", "priority-areas"):
        top, others = _ranked(table)
        first = top[0] if top else table.rows[0]
        text = ngettext(
            "%(n)s row; the largest is %(name)s with %(amount)s of gender equality focused aid.",
            "%(n)s rows; the largest is %(name)s with %(amount)s of gender equality focused aid.",
            len(top),
        ) % {
            "n": len(top),
            "name": gettext(first["name"]) if first["name"] else first["name"],
            "amount": _money_text(first["focused"], currency),
        }
        if others:
            text += " " + gettext(
                "All others (%(n)s), left out of the chart so that the top rows stay readable: "
                "%(amount)s."
            ) % {
                "n": others["name"].removeprefix("All others (").removesuffix(")"),
                "amount": _money_text(others["focused"], currency),
            }
        return text
    if name == "results-by-sex":
        first = table.rows[0]
        return ngettext(
            "%(n)s indicator; the largest, %(indicator)s, reports %(female)s women and girls "
            "and %(male)s men and boys.",
            "%(n)s indicators; the largest, %(indicator)s, reports %(female)s women and girls "
            "and %(male)s men and boys.",
            len(table.rows),
        ) % {
            "n": len(table.rows),
            "indicator": first["indicator"][:80],
            "female": f"{first['female']:,}",
            "male": f"{first['male']:,}",
        }
    if name == "pledge-progress":
        return ngettext(
            "%(n)s pledge with a money target; the table gives each one's share.",
            "%(n)s pledges with a money target; the table gives each one's share.",
            len(table.rows),
        ) % {"n": len(table.rows)}
    return ngettext(
        "%(n)s row in %(currency)s; the table below gives every figure.",
        "%(n)s rows in %(currency)s; the table below gives every figure.",
        len(table.rows),
    ) % {"n": len(table.rows), "currency": currency}


def empty_reason(name: str, basis: Basis) -> str:
    """Why there is no chart: a sentence in place of an empty frame."""
    if name == "results-by-sex":
        return gettext(
            "No chart: no activity in this selection reports an indicator broken down by sex."
        )
    if name == "pledge-progress":
        return gettext(
            "No chart: no pledge in this selection has a money target that the data loaded "
            "can verify; the table gives each one's status."
        )
    return gettext(
        "No chart: no transaction matches this selection, or none could be converted to "
        "%(currency)s. Widen the filters or check the rates file."
    ) % {"currency": basis.currency}


def _money_text(value: Decimal | None, currency: str) -> str:
    if value is None:
        return gettext("not given")
    return gettext("%(currency)s %(amount)s million") % {
        "currency": currency,
        "amount": f"{float(value) / MILLION:,.1f}",
    }


def _percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
