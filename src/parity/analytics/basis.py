"""The basis of every money figure, named on every figure: flow, flow type, prices, currency,
provider group, and which source (IATI or the OECD CRS) the money comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from parity.analytics.counting import ALL, FLOW_TYPES, FLOW_WORDS, ODA, Flow, Prices
from parity.iati import codelists
from parity.providers import DAC, GROUPS


def flow_type_words(code: str) -> str:
    if code == ODA:
        return gettext("ODA (IATI flow type 10, CRS category 10)")
    if code == ALL:
        return gettext("every flow type (ODA, other official and private flows)")
    name = codelists.codes("FlowType").get(code)
    return gettext("flow type %(code)s (%(name)s)") % {
        "code": code,
        "name": gettext(name) if name else gettext("unknown"),
    }


def group_words(group: str) -> str:
    return gettext("all providers") if group == ALL else gettext(GROUPS[group])


@dataclass(frozen=True)
class Basis:
    """What every money figure is measured in; shown with the figure on the page and in the API.

    The defaults are the OECD's headline basis: DAC members' ODA commitments."""

    flow: Flow = "commitments"
    prices: Prices = "current"
    currency: str = "USD"
    base_year: int | None = None  # constant prices only
    deflator: str = ""  # the deflator series used for constant prices
    flow_type: str = ODA
    provider_group: str = DAC
    sources: str = ""  # which source covered what (``selectors.sources_text``)

    def describe(self) -> str:
        prices = gettext("current prices")
        if self.prices == "constant" and self.deflator:
            prices = gettext("constant %(year)s prices (deflator series %(series)s)") % {
                "year": self.base_year,
                "series": self.deflator,
            }
        elif self.prices == "constant" and self.base_year is None:
            prices = gettext(
                "constant prices as the CRS files state them (base year not stated in the files)"
            )
        elif self.prices == "constant":
            prices = gettext("constant %(year)s prices as the CRS files state them") % {
                "year": self.base_year
            }
        parts = (
            gettext(FLOW_WORDS[self.flow]),
            flow_type_words(self.flow_type),
            prices,
            self.currency,
            group_words(self.provider_group),
        )
        text = gettext("; ").join(parts)
        if not self.sources:
            return text
        return gettext("%(basis)s. %(sources)s") % {"basis": text, "sources": self.sources}

    def as_json(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "transaction_types": sorted(FLOW_TYPES[self.flow]),
            "flow_type": self.flow_type,
            "prices": self.prices,
            "base_year": self.base_year,
            "deflator": self.deflator or None,
            "currency": self.currency,
            "provider_group": self.provider_group,
            "sources": self.sources,
            "text": self.describe(),
        }
