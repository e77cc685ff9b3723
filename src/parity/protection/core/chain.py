"""The hash chain of the audit log: each entry's hash covers the previous hash and the entry.

Editing a row changes its hash (the recomputed one no longer matches); deleting a row leaves a gap
in the sequence numbers and breaks the next row's link. ``verify`` names the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(entry: Mapping[str, Any]) -> str:
    """A stable text of the entry: sorted keys, no spaces, ASCII only."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


def link(previous_hash: str, entry: Mapping[str, Any]) -> str:
    return hashlib.sha256((previous_hash + canonical(entry)).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str


def verify(rows: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> tuple[int, Break | None]:
    """Check rows of (seq, prev_hash, hash, entry) in seq order. Returns (rows checked, first
    break or None)."""
    expected_seq, previous, count = 1, GENESIS, 0
    for seq, prev_hash, hash_, entry in rows:
        count += 1
        if seq != expected_seq:
            return count, Break(
                seq, f"entries {expected_seq} to {seq - 1} are missing (deleted rows)"
            )
        if prev_hash != previous:
            return count, Break(seq, "the link to the previous entry does not match")
        if link(prev_hash, entry) != hash_:
            return count, Break(seq, "the entry was changed after it was written")
        previous, expected_seq = hash_, seq + 1
    return count, None
