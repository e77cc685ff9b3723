"""The project-cycle stages at which an activity gets a gender review."""

from enum import StrEnum

from parity.i18n_marker import gettext_noop


class Stage(StrEnum):
    """Stages in cycle order; the marker is set at formulation and may be revised later."""

    PLANNING = gettext_noop("planning")
    FORMULATION = gettext_noop("formulation")
    IMPLEMENTATION = gettext_noop("implementation")
    MONITORING = gettext_noop("monitoring")
    EVALUATION = gettext_noop("evaluation")
