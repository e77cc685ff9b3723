"""The ISO 4217 currency codes Parity knows, from a JSON file committed with the code.

``data/currencies.json`` is generated from the IATI Currency codelist (2.03), which replicates
ISO 4217. It ships with the package so that nothing reads the IATI codelists at run time. The
Django side may pass its own copy of the codelist instead; every function that validates
currencies takes the set of known codes as an argument.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Currency:
    code: str
    name: str
    withdrawn: str | None  # ISO date the code was withdrawn from the codelist, else None


@cache
def currency_list() -> tuple[Currency, ...]:
    """Every currency in the committed codelist, withdrawn ones included."""
    text = resources.files("parity.money").joinpath("data/currencies.json").read_text("utf-8")
    return tuple(Currency(**item) for item in json.loads(text)["currencies"])


def load_currencies(*, include_withdrawn: bool = True) -> frozenset[str]:
    """The known currency codes.

    Withdrawn codes (VEF, MRO, LTL...) are included by default because transactions and
    historical rates from before the withdrawal legitimately use them.
    """
    return frozenset(c.code for c in currency_list() if include_withdrawn or c.withdrawn is None)
