"""Gender marker schemes, stage checklists, priority areas and evidence rules (pure, no Django).

Everything an assessment needs that does not depend on storage lives here, so the rules can be
run over IATI files on the command line, in tests and in the web app alike.
"""

from parity.markers import criteria  # noqa: F401  (registers the DAC minimum-criteria rules)
from parity.markers.checklist import checklist
from parity.markers.errors import MarkerError, SchemeError
from parity.markers.flags import Flag, FlagSummary, Severity, summarise
from parity.markers.gender_marker import GenderMarker, MarkerState, read_gender_marker
from parity.markers.loader import available_schemes, load_scheme
from parity.markers.priority import (
    AreaTag,
    PriorityArea,
    PriorityRule,
    PriorityRules,
    bundled_priority_rules,
    load_priority_rules,
    suggest_priority_areas,
)
from parity.markers.rules import RULES, Held, Rule, check_activity
from parity.markers.scheme import Criterion, Scheme, Score, parse_scheme
from parity.markers.stages import Stage

__all__ = [
    "RULES",
    "AreaTag",
    "Criterion",
    "Flag",
    "FlagSummary",
    "GenderMarker",
    "Held",
    "MarkerError",
    "MarkerState",
    "PriorityArea",
    "PriorityRule",
    "PriorityRules",
    "Rule",
    "Scheme",
    "SchemeError",
    "Score",
    "Severity",
    "Stage",
    "available_schemes",
    "bundled_priority_rules",
    "check_activity",
    "checklist",
    "load_priority_rules",
    "load_scheme",
    "parse_scheme",
    "read_gender_marker",
    "suggest_priority_areas",
    "summarise",
]
