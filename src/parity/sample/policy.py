"""Policy markers: the gender marker with a realistic spread, and a few others.

Target shares of the gender marker over a portfolio: 20% not screened (no marker at all, which is
not the same as 0), 35% score 0, 35% score 1, 10% score 2. One activity in ten (index 3, 13,
23, ...) is scored 1 but given no gender-specific indicator, so evidence checks always have
something to find, at the same places whatever the seed.
"""

from __future__ import annotations

from random import Random

from parity.iati.model import PolicyMarker
from parity.sample.weighted import Weighted

GENDER = "1"


def is_unbacked(index: int) -> bool:
    """Whether activity ``index`` claims a significant gender objective without evidence."""
    return index % 10 == 3


# The unbacked tenth already supplies 10 points of score 1; the other nine tenths make up the
# rest: 0.9 * 20/90 = 20% absent, 35% 0, 0.9 * 25/90 + 10% = 35% 1, 10% 2.
_GENDER_SCORES: Weighted[str | None] = Weighted(((None, 20), ("0", 35), ("1", 25), ("2", 10)))
_OTHER_SCORES: Weighted[str] = Weighted((("0", 65), ("1", 28), ("2", 7)))
# Environment, governance, climate mitigation, climate adaptation, disability.
_SCREENED_WITH_GENDER = ("2", "3", "6", "7", "11")
# Sectors whose main purpose is another marker's objective (climate mitigation, environment,
# disaster risk reduction, nutrition, RMNCH).
_PRINCIPAL_BY_SECTOR = {"23210": "6", "41010": "2", "74020": "10", "12240": "12", "13020": "9"}
_MARKERS = {
    (code, significance): PolicyMarker(code, significance)
    for code in ("1", "2", "3", "6", "7", "9", "10", "11", "12")
    for significance in ("0", "1", "2")
}


def gender_score(rng: Random, index: int) -> str | None:
    return "1" if is_unbacked(index) else _GENDER_SCORES.pick(rng)


def policy_markers(rng: Random, gender: str | None, sector_code: str) -> tuple[PolicyMarker, ...]:
    """The gender marker first; other markers only when the activity was screened at all."""
    if gender is None:
        return ()
    markers = [_MARKERS[GENDER, gender]]
    principal = _PRINCIPAL_BY_SECTOR.get(sector_code)
    if principal:
        markers.append(_MARKERS[principal, "2"])
    markers += [
        _MARKERS[code, _OTHER_SCORES.pick(rng)]
        for code in _SCREENED_WITH_GENDER
        if code != principal and rng.random() < 0.5
    ]
    return tuple(markers)
