"""The rows shown behind a figure, on the pledge page and in its exports and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parity.progress import Contribution


@dataclass(frozen=True)
class ReasonCount:
    """How many rows were left out for one reason; ``key`` is used in URLs."""

    key: str
    reason: str
    count: int


@dataclass(frozen=True)
class MoneyEvidence:
    """One transaction behind a money figure, as shown and exported."""

    transaction_id: int
    activity: str  # IATI identifier
    type_code: str
    date: date
    value: Decimal
    currency: str
    value_date: date | None
    gender_marker: str
    rate: Decimal | None
    rate_basis: str
    rate_source: str
    amount: Decimal  # in the target's currency, as added up
    pillars: tuple[str, ...]


@dataclass(frozen=True)
class OutputEvidence:
    """One indicator actual behind an output figure, counted or left out."""

    value_id: int
    activity: str
    indicator: str
    period_end: date | None
    value: Decimal | None
    sex: str
    reason: str = ""  # empty for a contributing actual


def money_evidence(
    contribution: Contribution, pk: int, pillar_names: dict[str, str]
) -> MoneyEvidence:
    """The evidence row of a transaction ``pk`` that ``money_progress`` counted."""
    row, conversion = contribution.row, contribution.conversion
    return MoneyEvidence(
        transaction_id=pk,
        activity=row.activity_id,
        type_code=row.type_code,
        date=row.date,
        value=row.value,
        currency=row.currency,
        value_date=row.value_date,
        gender_marker=row.gender_marker or "",
        rate=conversion.rate,
        rate_basis=str(conversion.basis or ""),
        rate_source=conversion.source,
        amount=contribution.amount,
        pillars=tuple(pillar_names.get(p, p) for p in row.pillars),
    )
