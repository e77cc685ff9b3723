"""The project-cycle stages at which an activity gets a gender review."""

from enum import StrEnum


class Stage(StrEnum):
    """Stages in cycle order; the marker is set at formulation and may be revised later."""

    PLANNING = "planning"
    FORMULATION = "formulation"
    IMPLEMENTATION = "implementation"
    MONITORING = "monitoring"
    EVALUATION = "evaluation"
