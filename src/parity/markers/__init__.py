"""Gender marker schemes, stage checklists, priority areas and evidence rules (pure, no Django).

Everything an assessment needs that does not depend on storage lives here, so the rules can be
run over IATI files on the command line, in tests and in the web app alike.
"""

from parity.markers.checklist import checklist
from parity.markers.errors import MarkerError, SchemeError
from parity.markers.loader import available_schemes, load_scheme
from parity.markers.scheme import Criterion, Scheme, Score, parse_scheme
from parity.markers.stages import Stage

__all__ = [
    "Criterion",
    "MarkerError",
    "Scheme",
    "SchemeError",
    "Score",
    "Stage",
    "available_schemes",
    "checklist",
    "load_scheme",
    "parse_scheme",
]
