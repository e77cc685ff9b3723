"""Held-out splits grouped so that one project never sits on both sides.

Rows are joined into one group when they share a CRS id / identifier OR the same normalised
text (multi-year CRS rows repeat a project's text under one id; some donors reuse one text
under many ids), so the test side never holds a text the model was trained on.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from parity.suggest.rows import LabelledRow

SPACES = re.compile(r"\s+")


def normalised_text(row: LabelledRow) -> str:
    return SPACES.sub(" ", row.subject.text.lower()).strip()


def groups(rows: Sequence[LabelledRow]) -> list[int]:
    """A group number per row: connected components of "same key or same text" (union-find)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        text = normalised_text(row)
        for link in (("key", row.subject.key), ("text", text)):
            if not link[1]:
                continue
            j = first_seen.setdefault(link, i)
            parent[find(i)] = find(j)
    return [find(i) for i in range(len(rows))]


def grouped_split(
    rows: Sequence[LabelledRow], seed: int, test_share: float = 0.25
) -> tuple[list[int], list[int]]:
    """Row indexes (train, test): whole groups go to the test side until it holds
    ``test_share`` of the rows; the seed picks which."""
    if not 0 < test_share < 1:
        raise ValueError(f"test_share {test_share} must be between 0 and 1")
    members: dict[int, list[int]] = {}
    for index, group in enumerate(groups(rows)):
        members.setdefault(group, []).append(index)
    order = sorted(members)
    random.Random(seed).shuffle(order)
    target = test_share * len(rows)
    test: list[int] = []
    train: list[int] = []
    for group in order:
        (test if len(test) < target else train).extend(members[group])
    return sorted(train), sorted(test)
