"""Exchange rates and currency conversion through the US dollar.

Rate convention (one convention everywhere in Parity, the one the OECD DAC and the IMF publish):

    ``units_per_usd`` = how many units of the currency one US dollar buys.

    JPY 2018, ``units_per_usd = 110.42``: 1 USD = 110.42 JPY, so 1,000 JPY = 1000 / 110.42 USD.
    EUR 2018, ``units_per_usd = 0.847``: 1 USD = 0.847 EUR. USD is always exactly 1.

Every conversion goes through USD: ``amount_in_B = amount_in_A * units_per_usd(B) /
units_per_usd(A)``. A rate is looked up at the value date: the exact day if the table has a daily
rate, else that month's rate, else that year's average. The ``Conversion`` says which one it
used and where it came from. A rate that is not in the table gives a ``Conversion`` with
``amount=None`` and a reason; it is never treated as zero or borrowed from another period,
because a silent guess would hide a gap in the evidence behind a figure.

Amounts are not rounded here: rounding is for display, and rounding each conversion would make
a sum of conversions drift from the conversion of the sum.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from parity.money.money import Money, check_currency_code

USD = "USD"
# Rates Parity keeps, in units per USD: below 10^15 (far above any currency's published rate:
# a figure that large is a wrong column or a typo) and to at most ten decimal places, as the
# database stores them.
MAX_RATE = Decimal("1e15")
RATE_PLACES = 10


class Basis(StrEnum):
    """Which kind of rate a conversion used, from the most to the least precise."""

    SAME_CURRENCY = "same currency"
    DAILY = "daily"
    MONTHLY = "monthly"
    ANNUAL = "annual average"


# Coarseness order, so a cross rate can report its weaker leg.
_COARSENESS = [Basis.SAME_CURRENCY, Basis.DAILY, Basis.MONTHLY, Basis.ANNUAL]


@dataclass(frozen=True, order=True)
class RatePeriod:
    """A day, a month (``day=None``) or a year (``month=None``) that a rate applies to."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a period with a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None  # checked above; narrows the type
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.year}-{self.month:02d}-{self.day}")

    @property
    def basis(self) -> Basis:
        if self.day is not None:
            return Basis.DAILY
        return Basis.ANNUAL if self.month is None else Basis.MONTHLY

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class RateRow:
    """One published rate: ``units_per_usd`` units of ``currency`` buy 1 USD in ``period``."""

    currency: str
    period: RatePeriod
    units_per_usd: Decimal
    source: str

    def __post_init__(self) -> None:
        check_currency_code(self.currency)
        if not isinstance(self.units_per_usd, Decimal) or not self.units_per_usd.is_finite():
            raise ValueError(f"rate must be a finite Decimal, got {self.units_per_usd!r}")
        if self.units_per_usd <= 0:
            raise ValueError(f"rate must be positive, got {self.units_per_usd}")
        if self.units_per_usd >= MAX_RATE:
            raise ValueError(f"rate must be below {MAX_RATE:,f}, got {self.units_per_usd}")
        if self.currency == USD and self.units_per_usd != 1:
            raise ValueError(f"USD per USD must be 1, got {self.units_per_usd}")


@dataclass(frozen=True)
class Conversion:
    """The result of converting ``original`` into ``currency``, with its provenance.

    ``amount`` is None when a rate was missing; ``reason`` then says which one. ``rate`` is
    the effective rate (units of ``currency`` per unit of the original currency); ``legs``
    are the table rows used (none for the same currency, one when either side is USD, two for
    a cross rate); ``basis`` is the coarsest basis among the legs.
    """

    original: Money
    currency: str
    on: date
    amount: Decimal | None
    rate: Decimal | None
    basis: Basis | None
    legs: tuple[RateRow, ...]
    reason: str = ""

    @property
    def converted(self) -> bool:
        return self.amount is not None

    @property
    def source(self) -> str:
        return "; ".join(dict.fromkeys(leg.source for leg in self.legs))

    @property
    def money(self) -> Money:
        if self.amount is None:
            raise MissingRateError(self.reason)
        return Money(self.amount, self.currency)


class MissingRateError(LookupError):
    """Raised only when code asks a failed ``Conversion`` for its ``money``."""


class RateTable:
    """Rates in memory, looked up by currency and value date.

    Two rows for the same currency and period are refused: which one a figure used would
    depend on load order.
    """

    def __init__(self, rows: Iterable[RateRow] = ()) -> None:
        self._rows: dict[tuple[str, RatePeriod], RateRow] = {}
        for row in rows:
            key = (row.currency, row.period)
            if key in self._rows:
                raise ValueError(f"two rates for {row.currency} in {row.period}")
            self._rows[key] = row

    def __len__(self) -> int:
        return len(self._rows)

    def rate(self, currency: str, on: date) -> RateRow | None:
        """The row for ``currency`` on ``on``: that day, else that month, else that year."""
        if currency == USD:
            return _USD_ROW
        for period in (
            RatePeriod(on.year, on.month, on.day),
            RatePeriod(on.year, on.month),
            RatePeriod(on.year),
        ):
            row = self._rows.get((currency, period))
            if row is not None:
                return row
        return None

    def convert(self, money: Money, to_currency: str, on: date) -> Conversion:
        check_currency_code(to_currency)
        if money.currency == to_currency:
            # Exact identity: no rate needed, none looked up, nothing rounded.
            return Conversion(
                money, to_currency, on, money.amount, Decimal(1), Basis.SAME_CURRENCY, ()
            )
        found = {currency: self.rate(currency, on) for currency in (money.currency, to_currency)}
        legs = tuple(row for row in found.values() if row is not None and row is not _USD_ROW)
        missing = [currency for currency, row in found.items() if row is None]
        if missing:
            wanted = " or ".join(missing)
            reason = f"no rate for {wanted} on {on.isoformat()}, nor that month or year"
            return Conversion(money, to_currency, on, None, None, None, legs, reason)
        from_row, to_row = found[money.currency], found[to_currency]
        assert from_row is not None and to_row is not None  # no currency is missing
        # Multiply before dividing so the only rounding is the final division.
        amount = money.amount * to_row.units_per_usd / from_row.units_per_usd
        rate = to_row.units_per_usd / from_row.units_per_usd
        basis = max((leg.period.basis for leg in legs), key=_COARSENESS.index)
        return Conversion(money, to_currency, on, amount, rate, basis, legs)


# USD needs no table row; this one is internal and never reported as a leg.
_USD_ROW = RateRow(USD, RatePeriod(1), Decimal(1), "definition")
