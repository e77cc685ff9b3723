"""Stage checklists: which criteria a gender review asks about at a given stage of the cycle."""

from __future__ import annotations

from parity.markers.errors import MarkerError
from parity.markers.scheme import Criterion, Scheme
from parity.markers.stages import Stage


def checklist(scheme: Scheme, stage: Stage | str, score: str | None = None) -> list[Criterion]:
    """Criteria that apply at ``stage``, in scheme order.

    Without ``score`` the list covers every score, because at planning the score is usually not
    decided yet and the reviewer needs to see what each option would require. With ``score`` it is
    narrowed to the evidence that this score needs.
    """
    try:
        stage = Stage(stage)
    except ValueError:
        allowed = ", ".join(known.value for known in Stage)
        raise MarkerError(f"{stage!r} is not a stage (stages are: {allowed})") from None
    wanted = scheme.criteria if score is None else scheme.criteria_for(score)
    return [criterion for criterion in wanted if stage in criterion.stages]
