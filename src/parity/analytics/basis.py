"""The basis of every money figure, named on every figure: flow, flow type, prices, currency,
provider group, and which source (IATI or the OECD CRS) the money comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parity.analytics.counting import ALL, FLOW_TYPES, FLOW_WORDS, ODA, Flow, Prices
from parity.iati import codelists
from parity.providers import DAC, GROUPS


def flow_type_words(code: str) -> str:
    if code == ODA:
        return "ODA (IATI flow type 10, CRS category 10)"
    if code == ALL:
        return "every flow type (ODA, other official and private flows)"
    return f"flow type {code} ({codelists.codes('FlowType').get(code, 'unknown')})"


def group_words(group: str) -> str:
    return "all providers" if group == ALL else GROUPS[group]


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
        prices = "current prices"
        if self.prices == "constant" and self.deflator:
            prices = f"constant {self.base_year} prices (deflator series {self.deflator})"
        elif self.prices == "constant":
            prices = f"constant {self.base_year} prices as the CRS files state them"
        words = FLOW_WORDS[self.flow]
        text = (
            f"{words[0].upper()}{words[1:]}; {flow_type_words(self.flow_type)}; {prices}; "
            f"{self.currency}; {group_words(self.provider_group)}"
        )
        return f"{text}. {self.sources}" if self.sources else text

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
