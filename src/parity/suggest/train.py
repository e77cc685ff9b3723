"""Training from named sources, with the description the model file keeps of its data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from parity.suggest.model import MarkerModel
from parity.suggest.rows import LabelledRow


def describe(name: str, rows: Sequence[LabelledRow]) -> dict[str, Any]:
    """One source as the model file names it: rows, labels, and whether they are 0/1/2."""
    markers = Counter(row.marker for row in rows if row.marker is not None)
    return {
        "source": name,
        "rows": len(rows),
        "with_text": sum(1 for row in rows if row.subject.text),
        "focused": sum(1 for row in rows if row.focused),
        "markers": {str(k): markers[k] for k in sorted(markers)},
    }


def train(
    sources: Sequence[tuple[str, Sequence[LabelledRow]]], seed: int = 0
) -> tuple[MarkerModel, list[dict[str, Any]]]:
    """A model fitted on every source's rows, and the sources' descriptions."""
    rows = [row for _, source_rows in sources for row in source_rows]
    model = MarkerModel(seed).fit(rows)
    return model, [describe(name, source_rows) for name, source_rows in sources if source_rows]
