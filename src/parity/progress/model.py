"""The inputs of pledge-progress arithmetic: targets, a period and evidence rows.

Invalid targets and periods raise ``PledgeError`` naming the field, so that a form can show
the message next to the right input.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from parity.money.money import check_currency_code

MoneyBasis = Literal["commitments", "disbursements"]
Sex = Literal["female", "male"]

# IATI 2.03 transaction types that count towards each basis: 2 Outgoing Commitment;
# 3 Disbursement and 4 Expenditure (money spent directly by the reporter reaches the
# beneficiaries as surely as money disbursed to a partner).
TRANSACTION_TYPES: dict[str, frozenset[str]] = {
    "commitments": frozenset({"2"}),
    "disbursements": frozenset({"3", "4"}),
}


# Which gender-marker scores a money target counts. "focused" is the OECD DAC reading of a
# gender pledge (1 or 2, each at its whole value); "principal" counts 2 only; "any" counts
# every row whatever its marker (a contribution to a named fund counts all its payments).
MARKER_CONDITIONS: dict[str, frozenset[str] | None] = {
    "focused": frozenset({"1", "2"}),
    "principal": frozenset({"2"}),
    "any": None,
}


def share_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a share of ``whole`` (1 = 100%); None when ``whole`` is zero or negative,
    which has no meaningful share (pages say so in words, never 0%)."""
    if whole <= 0:
        return None
    return part / whole


class PledgeError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def _positive(field: str, value: Decimal) -> None:
    # A zero target makes every share a division by zero; "no target" is expressed by
    # having no target object at all.
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise PledgeError(field, f"must be a positive number, got {value!r}")


@dataclass(frozen=True)
class Period:
    """Both ends inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PledgeError("end", f"{self.end} is before the start {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def elapsed_share(self, today: date) -> Decimal:
        """Share of the period's days passed by the end of ``today``, from 0 to 1."""
        total = (self.end - self.start).days + 1
        passed = min(max((today - self.start).days + 1, 0), total)
        return Decimal(passed) / Decimal(total)


@dataclass(frozen=True)
class MoneyTarget:
    amount: Decimal
    currency: str
    basis: MoneyBasis
    markers: str = "focused"  # a key of MARKER_CONDITIONS

    def __post_init__(self) -> None:
        _positive("amount", self.amount)
        if self.markers not in MARKER_CONDITIONS:
            raise PledgeError("markers", f"must be one of {', '.join(MARKER_CONDITIONS)}")
        try:
            check_currency_code(self.currency)
        except ValueError as error:
            raise PledgeError("currency", str(error)) from None
        if self.basis not in TRANSACTION_TYPES:
            raise PledgeError("basis", f"must be commitments or disbursements, got {self.basis!r}")

    @property
    def transaction_types(self) -> frozenset[str]:
        return TRANSACTION_TYPES[self.basis]

    @property
    def counted_markers(self) -> frozenset[str] | None:
        """The marker scores that count; None: every row counts whatever its marker."""
        return MARKER_CONDITIONS[self.markers]


@dataclass(frozen=True)
class OutputTarget:
    """E.g. 5,000 female administrative officials trained: ``sex="female"``."""

    quantity: Decimal
    unit: str
    sex: Sex | None = None

    def __post_init__(self) -> None:
        _positive("quantity", self.quantity)
        if self.sex not in ("female", "male", None):
            raise PledgeError("sex", f"must be female, male or empty, got {self.sex!r}")


@dataclass(frozen=True)
class TransactionRow:
    activity_id: str
    type_code: str  # IATI 2.03 TransactionType, e.g. "3"
    date: date
    value: Decimal  # signed: a negative commitment is a reduction and counts as one
    currency: str
    # for conversion; None means use ``date`` (the field, which hides the type below it)
    value_date: datetime.date | None = None
    gender_marker: str | None = None  # significance "0", "1", "2"; None = not screened
    pillars: tuple[str, ...] = ()  # slugs of the framework pillars the activity is linked to

    @property
    def conversion_date(self) -> datetime.date:
        return self.value_date or self.date


@dataclass(frozen=True)
class IndicatorActual:
    activity_id: str
    indicator: str  # indicator title
    period_end: date
    value: Decimal
    sex: Sex | None = None  # normalised sex dimension; None = not disaggregated by sex
    aggregable: bool = True  # False: the publisher says not to add it up (aggregation-status)
    cumulative: bool = False  # a running total since the start, not the period's own figure
