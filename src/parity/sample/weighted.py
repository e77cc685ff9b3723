"""Weighted choice with the cumulative weights computed once.

``random.choices`` rebuilds its cumulative table on every call unless given one; the generator
draws hundreds of values per activity, so the tables are built once at import time.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items with relative weights; ``pick`` draws one with a caller-supplied RNG."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items, weights = zip(*pairs, strict=True)
        self._items: tuple[T, ...] = items
        self._cumulative = tuple(accumulate(weights))
        self._total = self._cumulative[-1]

    @property
    def items(self) -> tuple[T, ...]:
        return self._items

    def pick(self, rng: Random) -> T:
        return self._items[bisect(self._cumulative, rng.random() * self._total)]
