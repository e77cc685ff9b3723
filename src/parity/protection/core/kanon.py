"""Small-cell suppression of aggregate counts.

A count between 1 and k-1 could single out a survivor in a small place or year, so it is shown
as suppressed (None), as the Counter Trafficking Data Collaborative does with k = 11. Zero is not
suppressed: it says nothing about any person. Totals are computed from the unsuppressed data
but are suppressed too when they are small, and a single suppressed cell in a row would be
recoverable from the total by subtraction, so a second-smallest cell is suppressed with it.
"""

from __future__ import annotations

from collections.abc import Mapping

K = 11


def suppress(count: int, k: int = K) -> int | None:
    return None if 0 < count < k else count


def suppress_row(cells: Mapping[str, int], k: int = K) -> tuple[dict[str, int | None], int | None]:
    """Suppress small cells of one row, plus complementary cells so the total does not reveal
    them. Returns (cells, total)."""
    out: dict[str, int | None] = {key: suppress(value, k) for key, value in cells.items()}
    total = sum(cells.values())
    hidden = [key for key, value in out.items() if value is None]
    if len(hidden) == 1:
        shown = sorted((v, key) for key, v in out.items() if v)
        if shown:
            out[shown[0][1]] = None
    return out, suppress(total, k)
