"""Pledge-progress arithmetic and status rules. Pure Python: no Django here."""

from parity.progress.model import (
    MARKER_CONDITIONS,
    TRANSACTION_TYPES,
    IndicatorActual,
    MoneyTarget,
    OutputTarget,
    Period,
    PledgeError,
    TransactionRow,
    share_of,
)
from parity.progress.money_progress import (
    Contribution,
    Excluded,
    Exclusion,
    MoneyProgress,
    money_progress,
)
from parity.progress.output_progress import (
    ExcludedActual,
    OutputExclusion,
    OutputProgress,
    output_progress,
)
from parity.progress.reported import differs_from_reported, reported_reading
from parity.progress.status import (
    ON_TRACK_TOLERANCE,
    RULE_TEXT,
    STATUS_RULES,
    Status,
    StatusRule,
    pledge_status,
)

__all__ = [
    "MARKER_CONDITIONS",
    "ON_TRACK_TOLERANCE",
    "RULE_TEXT",
    "STATUS_RULES",
    "TRANSACTION_TYPES",
    "Contribution",
    "Excluded",
    "ExcludedActual",
    "Exclusion",
    "IndicatorActual",
    "MoneyProgress",
    "MoneyTarget",
    "OutputExclusion",
    "OutputProgress",
    "OutputTarget",
    "Period",
    "PledgeError",
    "Status",
    "StatusRule",
    "TransactionRow",
    "differs_from_reported",
    "money_progress",
    "output_progress",
    "pledge_status",
    "reported_reading",
    "share_of",
]
