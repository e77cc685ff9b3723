"""Progress of a money pledge from IATI transactions.

What counts, checked in this order (the first failing check is the reason a row is left out):

1. the transaction type matches the target's basis: commitments = type 2; disbursements =
   types 3 and 4;
2. the transaction date is inside the pledge period (both ends inclusive);
3. the activity is gender-equality focused, i.e. its gender marker is 1 (significant) or 2
   (principal), or only 2 when the target says ``markers="principal"``; a target with
   ``markers="any"`` (a contribution to a named fund) skips this check.
   Following the OECD DAC, such an activity counts at its **whole value**:
   a significant score is not discounted to a share. Marker 0 (not targeted) and no marker
   (not screened) are left out and listed separately, because unscreened is not "0";
4. the value converts into the target's currency at its value date (the transaction date when
   there is none), rounded to a millionth of the target currency (see ``AMOUNT_QUANTUM``).
   A row without a rate is listed as unconverted, never counted as zero: the figure says how
   many rows and which could not be converted.

Values are signed: a negative commitment reduces the total, as IATI intends.

Breakdowns: ``by_year`` by the calendar year of the transaction date, and sums to the total.
``by_pillar`` counts a transaction under **each** pillar its activity is linked to, at full
value, because a pillar link carries no percentage to split by; pillar totals can therefore
add up to more than the overall total. ``without_pillar`` holds rows linked to no pillar.
``principal_only`` (when asked for) is the part of the total from activities scored 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from parity.i18n_marker import gettext_noop
from parity.money.money import Money
from parity.money.rates import Conversion, RateTable
from parity.progress.model import MoneyTarget, Period, TransactionRow

GENDER_FOCUSED = frozenset({"1", "2"})

# Each contribution is rounded to a millionth of the target currency before it is added up.
# A converted amount carries 28 significant digits, and adding those in a different order
# changes the last digit; fixed-point amounts add exactly, so the total, the years and the
# pillars always agree with each other and with a recount. A millionth is far below any
# figure a report shows.
AMOUNT_QUANTUM = Decimal("0.000001")
PRINCIPAL = "2"


class Exclusion(StrEnum):
    WRONG_TYPE = gettext_noop("transaction type does not count for this basis")
    OUTSIDE_PERIOD = gettext_noop("dated outside the pledge period")
    NOT_TARGETED = gettext_noop("gender marker 0: not targeted")
    NOT_PRINCIPAL = gettext_noop("gender marker 1: this pledge counts principal (2) only")
    NOT_SCREENED = gettext_noop("no gender marker: not screened")
    MISSING_RATE = gettext_noop("no exchange rate")


@dataclass(frozen=True)
class Contribution:
    row: TransactionRow
    conversion: Conversion  # to the target's currency; says the rate, basis and source

    @property
    def amount(self) -> Decimal:
        """The converted value, rounded to ``AMOUNT_QUANTUM``."""
        assert self.conversion.amount is not None  # only converted rows contribute
        return self.conversion.amount.quantize(AMOUNT_QUANTUM, ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Excluded:
    row: TransactionRow
    reason: Exclusion
    detail: str = ""  # for a missing rate: which rate, on which date


@dataclass(frozen=True)
class MoneyProgress:
    target: MoneyTarget
    period: Period
    total: Decimal  # in target.currency, not rounded
    by_year: Mapping[int, Decimal]
    by_pillar: Mapping[str, Decimal]
    without_pillar: Decimal
    principal_only: Decimal | None  # None unless asked for
    contributions: tuple[Contribution, ...]
    excluded: tuple[Excluded, ...]

    @property
    def share(self) -> Decimal:
        """Progress as a share of the target: 1 means 100%."""
        return self.total / self.target.amount

    @property
    def unconverted(self) -> tuple[Excluded, ...]:
        """Rows that would count but had no exchange rate: the total is short by these."""
        return tuple(e for e in self.excluded if e.reason is Exclusion.MISSING_RATE)

    @property
    def complete(self) -> bool:
        return not self.unconverted

    @property
    def matched_nothing(self) -> bool:
        """Warning: no row passed the type, period and marker checks (progress is 0)."""
        return not self.contributions and not self.unconverted


def _exclusion(row: TransactionRow, target: MoneyTarget, period: Period) -> Exclusion | None:
    if row.type_code not in target.transaction_types:
        return Exclusion.WRONG_TYPE
    if row.date not in period:
        return Exclusion.OUTSIDE_PERIOD
    counted = target.counted_markers
    if counted is None:
        return None
    if row.gender_marker is None:
        return Exclusion.NOT_SCREENED
    if row.gender_marker not in GENDER_FOCUSED:
        return Exclusion.NOT_TARGETED
    if row.gender_marker not in counted:
        return Exclusion.NOT_PRINCIPAL
    return None


def money_progress(
    target: MoneyTarget,
    period: Period,
    transactions: Iterable[TransactionRow],
    rates: RateTable,
    *,
    principal_only: bool = False,
) -> MoneyProgress:
    contributions: list[Contribution] = []
    excluded: list[Excluded] = []
    for row in transactions:
        reason = _exclusion(row, target, period)
        if reason is not None:
            excluded.append(Excluded(row, reason))
            continue
        money = Money(row.value, row.currency)
        conversion = rates.convert(money, target.currency, row.conversion_date)
        if conversion.amount is None:
            excluded.append(Excluded(row, Exclusion.MISSING_RATE, conversion.reason))
        else:
            contributions.append(Contribution(row, conversion))

    by_year: dict[int, Decimal] = defaultdict(Decimal)
    by_pillar: dict[str, Decimal] = defaultdict(Decimal)
    without_pillar = Decimal(0)
    for contribution in contributions:
        by_year[contribution.row.date.year] += contribution.amount
        for pillar in dict.fromkeys(contribution.row.pillars):  # a pillar listed twice counts once
            by_pillar[pillar] += contribution.amount
        if not contribution.row.pillars:
            without_pillar += contribution.amount

    principal = None
    if principal_only:
        principal = sum(
            (c.amount for c in contributions if c.row.gender_marker == PRINCIPAL), Decimal(0)
        )
    return MoneyProgress(
        target=target,
        period=period,
        total=sum((c.amount for c in contributions), Decimal(0)),
        by_year=dict(sorted(by_year.items())),
        by_pillar=dict(sorted(by_pillar.items())),
        without_pillar=without_pillar,
        principal_only=principal,
        contributions=tuple(contributions),
        excluded=tuple(excluded),
    )
