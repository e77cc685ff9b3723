"""Money amounts and percentage splits."""

from __future__ import annotations

import math
from decimal import Decimal
from random import Random

from parity.sample.weighted import Weighted

CURRENCIES: Weighted[str] = Weighted((("USD", 70), ("EUR", 12), ("JPY", 10), ("GBP", 8)))

# Rough units per US dollar, only to give other currencies plausible magnitudes. These are not
# exchange rates anyone should convert with; parity.money owns real rates.
_UNITS_PER_USD = {"USD": 1.0, "EUR": 0.9, "GBP": 0.8, "JPY": 140.0}

PERCENT = tuple(Decimal(p) for p in range(101))


def log_uniform(rng: Random, low: float, high: float) -> float:
    """Aid amounts spread over orders of magnitude; a log scale keeps small ones common."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def money(usd: float, currency: str) -> Decimal:
    """A USD-scale amount expressed in ``currency``, with exactly two decimals."""
    cents = round(usd * _UNITS_PER_USD[currency] * 100)
    return Decimal(cents).scaleb(-2)


def split_percentages(rng: Random, parts: int) -> tuple[Decimal, ...]:
    """``parts`` multiples of 5, each at least 10, summing to exactly 100, largest first.

    Stars and bars over twenty 5% units: two units per part, the rest cut at random points.
    """
    spare = 20 - 2 * parts
    cuts = sorted(rng.sample(range(spare + parts - 1), parts - 1))
    bounds = [-1, *cuts, spare + parts - 1]
    extra = [bounds[i + 1] - bounds[i] - 1 for i in range(parts)]
    return tuple(PERCENT[(2 + e) * 5] for e in sorted(extra, reverse=True))
