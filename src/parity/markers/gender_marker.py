"""The state of an activity's OECD-DAC gender marker, with every way it can be absent or wrong.

IATI gives a marker as free attributes; the rules need to tell apart: no marker at all (not
screened), a marker without significance, a significance the gender marker does not allow
(3 and 4 exist only for other markers), and a real score 0, 1 or 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from parity.iati.model import Activity


class MarkerState(StrEnum):
    NOT_SCREENED = "not-screened"
    NO_SIGNIFICANCE = "no-significance"
    INVALID = "invalid"
    SCORED = "scored"


@dataclass(frozen=True)
class GenderMarker:
    state: MarkerState
    score: int | None = None  # 0, 1 or 2 when SCORED
    raw: str | None = None  # the significance as published, for messages

    @property
    def gender_focused(self) -> bool:
        return self.score in (1, 2)


def read_gender_marker(activity: Activity) -> GenderMarker:
    marker = activity.gender_marker()
    if marker is None:
        return _NOT_SCREENED
    return _of_significance(marker.significance)


_NOT_SCREENED = GenderMarker(MarkerState.NOT_SCREENED)


@lru_cache(maxsize=256)
def _of_significance(raw: str | None) -> GenderMarker:
    """Every rule reads the marker: one frozen instance per significance as published."""
    if raw is None or not raw.strip():
        return GenderMarker(MarkerState.NO_SIGNIFICANCE, raw=raw)
    if raw.strip() in ("0", "1", "2"):
        return GenderMarker(MarkerState.SCORED, score=int(raw), raw=raw)
    return GenderMarker(MarkerState.INVALID, raw=raw)
