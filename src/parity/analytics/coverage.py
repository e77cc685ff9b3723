"""What the figures hold: each source, provider group, flow and price basis with its years.

The build tallies it (``facts.facts_refresh``, kept in ``FigureBuild.coverage``) so that the
dashboard can say which data it covers and link to the view that shows each part: the OECD's
default view (DAC members' ODA commitments at current prices) can be empty for data that holds
only disbursements at constant prices, as the CRS extract of the demo does.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop, ngettext

from parity.analytics.basis import group_words
from parity.analytics.counting import ALL, ODA

SOURCE_NAMES = {"iati": "IATI", "crs": "OECD CRS"}
FLOW_NAMES = {
    "commitments": gettext_noop("commitments"),
    "disbursements": gettext_noop("disbursements"),
}


class Coverage:
    """Rows and first and last year per (source, group, flow, prices, ODA or not)."""

    def __init__(self) -> None:
        self._spans: dict[tuple[str, str, str, str, bool], list[int]] = {}

    def add(self, source: str, group: str, flow: str, prices: str, oda: bool, year: int) -> None:
        span = self._spans.setdefault((source, group, flow, prices, oda), [0, year, year])
        span[0] += 1
        span[1], span[2] = min(span[1], year), max(span[2], year)

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "source": source,
                "group": group,
                "flow": flow,
                "prices": prices,
                "oda": oda,
                "rows": rows,
                "first": first,
                "last": last,
            }
            for (source, group, flow, prices, oda), (rows, first, last) in sorted(
                self._spans.items()
            )
        ]


def describe(entry: dict[str, Any]) -> str:
    """One part of the data in words, e.g. "OECD CRS, DAC members: ODA disbursements,
    2014-2023, at constant 2022 prices (4,021 rows)"."""
    years = str(entry["first"])
    if entry["last"] != entry["first"]:
        years += f"-{entry['last']}"
    crs = entry["source"] == "crs"
    if entry["prices"] == "constant:":  # a file that does not state its base year
        prices = gettext("constant prices as the file states them (base year not stated)")
    elif entry["prices"].startswith("constant:"):
        year = {"year": entry["prices"].split(":")[1]}
        prices = (
            gettext("constant %(year)s prices as the file states them")
            if crs
            else gettext("constant %(year)s prices")
        ) % year
    else:
        prices = (
            gettext("current prices as the file states them") if crs else gettext("current prices")
        )
    flows = gettext("ODA") if entry["oda"] else gettext("other flows (not ODA)")
    flow = FLOW_NAMES.get(entry["flow"], entry["flow"])
    return ngettext(
        "%(source)s, %(group)s: %(flows)s %(flow)s, %(years)s, at %(prices)s (%(n)s row)",
        "%(source)s, %(group)s: %(flows)s %(flow)s, %(years)s, at %(prices)s (%(n)s rows)",
        entry["rows"],
    ) % {
        "source": SOURCE_NAMES.get(entry["source"], entry["source"]),
        "group": group_words(entry["group"]),
        "flows": flows,
        "flow": gettext(flow),
        "years": years,
        "prices": prices,
        "n": f"{entry['rows']:,}",
    }


def query(entry: dict[str, Any]) -> dict[str, str]:
    """The dashboard's filters that show this part of the data."""
    found = {
        "provider_group": entry["group"],
        "basis": entry["flow"],
        "flow_type": ODA if entry["oda"] else ALL,
    }
    if entry["prices"].startswith("constant:"):
        found["prices"] = "constant"
        if entry["prices"] != "constant:":
            found["base_year"] = entry["prices"].split(":")[1]
    return found


def opening_query(parts: list[dict[str, Any]], group: str) -> dict[str, str] | None:
    """Where the dashboard opens when the default view (the group's ODA commitments at current
    prices) holds nothing: the largest part of the group's ODA on another basis (None: the
    default view holds something, or nothing else does either)."""
    oda = [p for p in parts if p["oda"] and (group == ALL or p["group"] == group)]
    if any(p["flow"] == "commitments" and p["prices"] == "current" for p in oda):
        return None
    largest = max(oda, key=lambda p: (p["rows"], p["last"]), default=None)
    return query(largest) if largest else None
