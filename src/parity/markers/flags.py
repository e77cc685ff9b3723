"""What the evidence rules report: flags, their severity, and a summary for dashboards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from parity.i18n_marker import gettext_noop
from parity.markers.messages import render


class Severity(StrEnum):
    ERROR = gettext_noop("error")  # the published data is invalid
    WARNING = gettext_noop("warning")  # evidence for the marker is missing or contradicts it
    INFO = gettext_noop("info")  # a heuristic noticed something a person should look at


@dataclass(frozen=True)
class Flag:
    rule_id: str
    severity: Severity
    activity_id: str
    element: str  # where the evidence is (or should be), in IATI element terms
    message_id: str  # parity.markers.messages: the template, stored as it is
    args: dict[str, str] = field(default_factory=dict)  # the template's arguments

    @property
    def message(self) -> str:
        """In English (``messages.render`` with a ``gettext`` for the reader's language)."""
        return render(self.message_id, self.args)


@dataclass(frozen=True)
class FlagSummary:
    total: int
    activities: int  # distinct activities with at least one flag
    by_rule: dict[str, int]
    by_severity: dict[Severity, int]


def summarise(flags: Iterable[Flag]) -> FlagSummary:
    """Counts by rule and severity (every severity present, even at 0, so charts stay stable)."""
    flags = list(flags)
    by_rule = Counter(flag.rule_id for flag in flags)
    by_severity = Counter(flag.severity for flag in flags)
    return FlagSummary(
        total=len(flags),
        activities=len({flag.activity_id for flag in flags}),
        by_rule=dict(sorted(by_rule.items())),
        by_severity={severity: by_severity[severity] for severity in Severity},
    )
