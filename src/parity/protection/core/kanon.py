"""Small-cell suppression that differencing cannot undo.

A count between 1 and k-1 could single out a survivor in a small place or year, so it is
suppressed, as the Counter Trafficking Data Collaborative does with k = 11 (primary
suppression). Hiding it in one table is not enough: every number published about the same
records is an equation, and a suppressed count that follows from the others (all years minus
each other year, a total minus the other cells, a zero category) is not suppressed at all.

``protect`` takes, for one set of records, the counts by category and year of every dimension
(sex, age band, ...). From them come every number a table can show: the cells, the totals by
category over all years, the totals by year (the same in every dimension) and the grand total.
It returns the numbers to suppress: the small ones, plus complements until no suppressed count
of people is a linear combination of the shown numbers. A suppressed number is recovered by
differencing exactly when its unit vector lies in the row space of the equations restricted to
the suppressed numbers (the shown ones are constants); numpy's SVD decides that. Complements
close a rectangle in the table of a dimension, with its totals as an extra row and column (the
hypercube method of statistical disclosure control): the cheapest one, avoiding zeros.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

K = 11
_TOLERANCE = 1e-9
Grid = Mapping[tuple[str, int], int]  # (category, year) -> count, for one dimension
# ("cell", dim, category, year), ("row", dim, category), ("year", year) or ("total",)
Key = tuple[Any, ...]


def suppress(count: int, k: int = K) -> int | None:
    """The primary rule: None (suppressed) for 1 to k-1; zero says nothing about a person."""
    return None if 0 < count < k else count


def protect(grids: Mapping[str, Grid], k: int = K) -> frozenset[Key]:
    """The keys of the numbers to suppress (see the module). Deterministic: the same data gives
    the same pattern, whatever table is asked for."""
    # The matrices are small: BLAS threads only fight over the cores (ten times slower).
    with threadpool_limits(limits=1, user_api="blas"):
        return _protect(grids, k)


def _protect(grids: Mapping[str, Grid], k: int) -> frozenset[Key]:
    linked = _Linked(grids, k)
    hidden = {i for i, key in enumerate(linked.keys) if suppress(linked.values[key], k) is None}
    while True:
        exposed = [i for i in linked.exposed(hidden) if linked.values[linked.keys[i]] > 0]
        if not exposed:
            return frozenset(linked.keys[i] for i in hidden)
        # Several at once, as long as their equations do not meet (then the next round's
        # check is still about each one alone): far fewer rounds on a large table.
        touched: set[int] = set()
        for target in exposed:
            if linked.lines_of({target}) & touched:
                continue
            new = linked.rectangles(target, hidden) or linked.nearest(target, hidden)
            if not new:  # all tied to it is suppressed already: cannot happen for a count > 0
                raise AssertionError(f"cannot protect {linked.keys[target]}")
            hidden |= new
            touched |= linked.lines_of(new | {target})


class _Linked:
    """The numbers of every table about one set of records and the equations that tie them."""

    def __init__(self, grids: Mapping[str, Grid], k: int) -> None:
        self.k = k
        self.years = sorted({year for grid in grids.values() for _cat, year in grid})
        self.cats = {dim: sorted({cat for cat, _year in grid}) for dim, grid in grids.items()}
        values: dict[Key, int] = {("total",): 0}
        lines: list[tuple[Key, list[Key]]] = []
        for dim, grid in grids.items():
            for cat in self.cats[dim]:
                for year in self.years:
                    values[("cell", dim, cat, year)] = grid.get((cat, year), 0)
                values[("row", dim, cat)] = sum(grid.get((cat, y), 0) for y in self.years)
                lines.append((("row", dim, cat), [("cell", dim, cat, y) for y in self.years]))
            for year in self.years:
                values[("year", year)] = sum(grid.get((c, year), 0) for c in self.cats[dim])
                lines.append((("year", year), [("cell", dim, c, year) for c in self.cats[dim]]))
            values[("total",)] = sum(grid.values())
            lines.append((("total",), [("row", dim, c) for c in self.cats[dim]]))
        lines.append((("total",), [("year", y) for y in self.years]))
        self.values = values
        self.keys = sorted(values, key=repr)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.matrix = np.zeros((len(lines), len(self.keys)))
        for row, (total, parts) in enumerate(lines):
            self.matrix[row, self.index[total]] = -1.0
            for part in parts:
                self.matrix[row, self.index[part]] += 1.0

    def exposed(self, hidden: set[int]) -> list[int]:
        """The suppressed numbers that the equations determine from the shown ones."""
        columns = sorted(hidden)
        if not columns:
            return []
        sub = self.matrix[:, columns]
        sub = sub[np.abs(sub).sum(axis=1) > 0]
        if sub.shape[0] == 0:
            return []
        _, singular, vt = np.linalg.svd(sub, full_matrices=False)
        basis = vt[: int((singular > _TOLERANCE * max(1.0, singular[0])).sum())]
        # The squared length of a unit vector's projection onto the row space is 1 exactly
        # when the vector lies in it, that is when the number follows from the equations.
        leverage = (basis**2).sum(axis=0)
        return [columns[j] for j in np.flatnonzero(leverage > 1 - 1e-6)]

    def lines_of(self, numbers: set[int]) -> set[int]:
        return set(np.flatnonzero(np.abs(self.matrix[:, sorted(numbers)]).sum(axis=1)).tolist())

    def _key(self, dim: str, cat: str | None, year: int | None) -> Key:
        if cat is None:
            return ("total",) if year is None else ("year", year)
        return ("row", dim, cat) if year is None else ("cell", dim, cat, year)

    def _places(self, key: Key) -> list[tuple[str, str | None, int | None]]:
        if key[0] == "cell":
            return [(key[1], key[2], key[3])]
        if key[0] == "row":
            return [(key[1], key[2], None)]
        year = key[1] if key[0] == "year" else None
        return [(dim, None, year) for dim in self.cats]

    def rectangles(self, target: int, hidden: set[int]) -> set[int]:
        """The cheapest rectangle of cells (totals included) through the number, in each table
        it appears in, that adds at least one suppression. A total by year or the grand total
        appears in every dimension's table: there the other corner in the totals' row is
        chosen once for all of them."""
        places = self._places(self.keys[target])
        year = places[0][2]
        best: set[int] | None = None
        best_cost: tuple[float, int] | None = None
        for other_year in [*self.years, None]:
            if other_year == year:
                continue
            found = [self._cheapest(d, c, y, other_year, hidden) for d, c, y in places]
            rectangles = [corners for corners, _cost in found if corners is not None]
            if len(rectangles) < len(found):
                continue
            new = set().union(*rectangles)
            cost = (sum(c for _corners, c in found), len(new))
            if best_cost is None or cost < best_cost:
                best, best_cost = new, cost
        return best or set()

    def _cheapest(
        self, dim: str, cat: str | None, year: int | None, other_year: int | None, hidden: set[int]
    ) -> tuple[set[int] | None, float]:
        """In one dimension's table, the rectangle through (cat, year) and column other_year
        that adds the least: a count costs its value, a zero costs k (a zero protects little),
        a total by year or the grand total costs as much in every dimension's table."""
        best: set[int] | None = None
        best_cost = float("inf")
        for other_cat in [*self.cats[dim], None]:
            if other_cat == cat:
                continue
            corners = {
                self.index[self._key(dim, cat, other_year)],
                self.index[self._key(dim, other_cat, year)],
                self.index[self._key(dim, other_cat, other_year)],
            } - hidden
            if not corners:
                continue
            cost = sum(self._cost(i) for i in corners)
            if cost < best_cost:
                best, best_cost = corners, cost
        return best, best_cost

    def _cost(self, i: int) -> float:
        key = self.keys[i]
        value = self.values[key] or self.k
        return value * len(self.cats) if key[0] in ("year", "total") else value

    def nearest(self, target: int, hidden: set[int]) -> set[int]:
        """The smallest shown count tied to the number through suppressed ones."""
        frontier, seen = {target}, {target}
        while frontier:
            lines = np.flatnonzero(np.abs(self.matrix[:, sorted(frontier)]).sum(axis=1))
            near = set(np.flatnonzero(np.abs(self.matrix[lines]).sum(axis=0)).tolist())
            shown = near - hidden
            if shown:
                return {min(shown, key=lambda i: (self.values[self.keys[i]], self.keys[i]))}
            frontier = near - seen
            seen |= near
        return set()
