"""A pledge's money figure: computed from its transactions, or read from its stored progress.

Money progress is stored (``PledgeProgressSnapshot``) with a fingerprint of its inputs and
recomputed only when the fingerprint changes (see ``stored_progress``); a page then reads its
figures from the snapshot and its evidence rows from the transactions, a page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import Any

from parity.commitments import stored_progress
from parity.commitments.models import Pillar, Pledge
from parity.commitments.rates import rate_table
from parity.commitments.tracking.evidence import MoneyEvidence, ReasonCount, money_evidence
from parity.commitments.tracking.money_rows import (
    MONEY_REASONS,
    StaleSnapshotError,
    compute_money,
    currencies,
    money_target,
    read_rows,
)
from parity.money import RateTable
from parity.progress import (
    RULE_TEXT,
    Contribution,
    Excluded,
    MoneyProgress,
    MoneyTarget,
    Period,
    Status,
    money_progress,
    pledge_status,
)

# Evidence rows read from the database per query: well under every backend's limit on the
# number of parameters (SQLite's was 999 before 3.32).
EVIDENCE_CHUNK = 500


@dataclass(frozen=True)
class MoneyFigures:
    """What ``money_progress`` computed for a money target, without the rows themselves:
    exactly what a snapshot stores. ``unconverted`` (the rows without a rate, with the rate
    that is missing) is read back from the database only when asked for."""

    target: MoneyTarget
    period: Period
    total: Decimal
    by_year: Mapping[int, Decimal]
    by_pillar: Mapping[str, Decimal]
    without_pillar: Decimal
    principal_only: Decimal | None
    counted: int
    unconverted_ids: tuple[int, ...]
    known_unconverted: tuple[Excluded, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def share(self) -> Decimal:
        """Progress as a share of the target: 1 means 100%."""
        return self.total / self.target.amount

    @property
    def complete(self) -> bool:
        return not self.unconverted_ids

    @cached_property
    def unconverted(self) -> tuple[Excluded, ...]:
        """Rows that would count but had no exchange rate: the total is short by these."""
        if self.known_unconverted is not None:
            return self.known_unconverted
        rows, _ = read_rows(self.unconverted_ids, {})
        progress = money_progress(
            self.target, self.period, rows, rate_table(currencies(self.target, rows))
        )
        if progress.contributions or len(progress.excluded) != len(self.unconverted_ids):
            raise StaleSnapshotError("a transaction without a rate has changed")
        return progress.excluded

    def as_json(self) -> dict[str, Any]:
        """The figures as a snapshot stores them: amounts as exact decimal strings."""
        return {
            "total": str(self.total),
            "by_year": {str(year): str(amount) for year, amount in self.by_year.items()},
            "by_pillar": {key: str(amount) for key, amount in self.by_pillar.items()},
            "without_pillar": str(self.without_pillar),
            "principal_only": None if self.principal_only is None else str(self.principal_only),
        }

    @classmethod
    def from_progress(
        cls, progress: MoneyProgress, unconverted_ids: tuple[int, ...]
    ) -> MoneyFigures:
        return cls(
            progress.target,
            progress.period,
            progress.total,
            progress.by_year,
            progress.by_pillar,
            progress.without_pillar,
            progress.principal_only,
            len(progress.contributions),
            unconverted_ids,
            progress.unconverted,
        )

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        target: MoneyTarget,
        period: Period,
        counted: int,
        unconverted_ids: tuple[int, ...],
    ) -> MoneyFigures:
        principal = data["principal_only"]
        return cls(
            target,
            period,
            Decimal(data["total"]),
            {int(year): Decimal(amount) for year, amount in data["by_year"].items()},
            {key: Decimal(amount) for key, amount in data["by_pillar"].items()},
            Decimal(data["without_pillar"]),
            None if principal is None else Decimal(principal),
            counted,
            unconverted_ids,
        )


@dataclass
class MoneyReport:
    target: MoneyTarget
    period: Period
    progress: MoneyFigures
    transaction_ids: Sequence[int]  # the contributing transactions, in evidence order
    unconverted_ids: tuple[int, ...]  # aligned with progress.unconverted
    reasons: tuple[ReasonCount, ...]
    status: Status
    pillar_names: dict[str, str]
    # The contributions when the report was just computed; None when it was read from a
    # snapshot, and the evidence is then read from the transactions a page at a time.
    contributions: tuple[Contribution, ...] | None = None
    # What data is missing, when the status is "cannot be verified" (set by the pledge report).
    missing: str = ""

    @property
    def status_rule(self) -> str:
        return self.missing or RULE_TEXT[self.status]

    @property
    def from_snapshot(self) -> bool:
        return self.contributions is None

    def by_pillar(self) -> list[tuple[str, Decimal]]:
        return [
            (self.pillar_names.get(key, key), amount)
            for key, amount in self.progress.by_pillar.items()
        ]

    def cumulative(self) -> list[tuple[int, Decimal, Decimal]]:
        """(year, that year's amount, running total) for every year of the period."""
        running, rows = Decimal(0), []
        for year in range(self.period.start.year, self.period.end.year + 1):
            amount = self.progress.by_year.get(year, Decimal(0))
            running += amount
            rows.append((year, amount, running))
        return rows

    def evidence(self, start: int = 0, stop: int | None = None) -> list[MoneyEvidence]:
        """The transactions added up, ``start`` to ``stop`` in evidence order (date, id)."""
        if self.contributions is not None:
            pairs = zip(self.contributions, self.transaction_ids, strict=True)
            chosen = islice(pairs, start, stop)
            return [money_evidence(c, pk, self.pillar_names) for c, pk in chosen]
        found: list[MoneyEvidence] = []
        ids = self.transaction_ids[start:stop]
        # In slices, so a download of every row never sends one enormous IN (...) list.
        for first in range(0, len(ids), EVIDENCE_CHUNK):
            found += self._read_evidence(ids[first : first + EVIDENCE_CHUNK])
        return found

    def _read_evidence(self, ids: Sequence[int]) -> list[MoneyEvidence]:
        """Rows of a snapshot's figure, converted again exactly as when it was computed:
        same rows, same rates (the fingerprint says so), hence the same amounts."""
        names = self.pillar_names
        rows, pks = read_rows(ids, names)
        rates = rate_table(currencies(self.target, rows))
        progress = money_progress(self.target, self.period, rows, rates)
        if len(progress.contributions) != len(ids):
            raise StaleSnapshotError("a transaction behind the stored figure has changed")
        return [money_evidence(c, pks[id(c.row)], names) for c in progress.contributions]

    @property
    def count(self) -> int:
        """How many transactions the figure adds up (not __len__: a report with no evidence
        must still be true in a template)."""
        return self.progress.counted


def pillar_keys(pledge: Pledge) -> dict[str, str]:
    """The pillars a money figure is broken down by: the pledge's own pillars, else those of
    its framework; {key: name}."""
    pillars = pledge.pillars.all()
    if not pillars and pledge.framework_id:
        pillars = Pillar.objects.filter(framework_id=pledge.framework_id)
    return {str(p.pk): f"{p.number}) {p.name}" for p in pillars.order_by("framework", "number")}


def money_report(
    pledge: Pledge,
    period: Period,
    today: date,
    rates: RateTable | None = None,
    *,
    fingerprint: str = "",
    names: dict[str, str] | None = None,
) -> MoneyReport | None:
    """The money progress of ``pledge``: read from its snapshot when the snapshot was taken
    with this ``fingerprint`` of the inputs, else computed (and stored when ``fingerprint``
    is given). Explicit ``rates`` are not the database's, so nothing is read or stored."""
    target = money_target(pledge)
    if target is None:
        return None
    names = pillar_keys(pledge) if names is None else names
    keep = bool(fingerprint) and rates is None
    snapshot = stored_progress.read(pledge, fingerprint) if keep else None
    if snapshot is not None:
        ids = tuple(snapshot.unconverted_ids)
        figures = MoneyFigures.from_json(
            snapshot.figures, target, period, len(snapshot.transaction_ids), ids
        )
        transaction_ids: Sequence[int] = snapshot.transaction_ids
        counts = snapshot.reasons
        contributions = None
    else:
        computed = compute_money(pledge, target, period, names, rates or rate_table())
        figures = MoneyFigures.from_progress(computed.progress, computed.unconverted_ids)
        transaction_ids, counts = computed.transaction_ids, computed.reasons
        contributions = computed.progress.contributions
        if keep:
            stored_progress.store(
                pledge,
                fingerprint,
                figures=figures.as_json(),
                transaction_ids=list(transaction_ids),
                unconverted_ids=list(computed.unconverted_ids),
                reasons=counts,
            )
    reasons = tuple(
        ReasonCount(key, text, counts[key])
        for key, text in MONEY_REASONS.items()
        if counts.get(key)
    )
    status = pledge_status(figures.share, period, today, has_data=bool(figures.counted))
    return MoneyReport(
        target,
        period,
        figures,
        transaction_ids,
        figures.unconverted_ids,
        reasons,
        status,
        names,
        contributions,
    )
