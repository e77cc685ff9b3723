"""The basis of every money figure: flow, prices and currency, named on every figure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parity.analytics.counting import FLOW_TYPES, FLOW_WORDS, Flow, Prices


@dataclass(frozen=True)
class Basis:
    """What every money figure is measured in; shown with the figure on the page and in the API."""

    flow: Flow = "commitments"
    prices: Prices = "current"
    currency: str = "USD"
    base_year: int | None = None  # constant prices only
    deflator: str = ""  # the deflator series used for constant prices

    def describe(self) -> str:
        prices = "current prices"
        if self.prices == "constant":
            prices = f"constant {self.base_year} prices (deflator series {self.deflator})"
        words = FLOW_WORDS[self.flow]
        return f"{words[0].upper()}{words[1:]}; {prices}; {self.currency}"

    def as_json(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "transaction_types": sorted(FLOW_TYPES[self.flow]),
            "prices": self.prices,
            "base_year": self.base_year,
            "deflator": self.deflator or None,
            "currency": self.currency,
            "text": self.describe(),
        }
