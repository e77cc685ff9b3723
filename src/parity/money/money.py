"""An amount of money in one currency."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_CODE = re.compile(r"[A-Z]{3}")


class CurrencyMismatchError(ValueError):
    """Arithmetic between two currencies: convert one of them first."""


def check_currency_code(code: str) -> str:
    """Return ``code`` if it is shaped like an ISO 4217 code (three capitals), else raise.

    Shape only: whether the code exists is the caller's question (see ``load_currencies``),
    because the list of valid codes changes over time and old data uses withdrawn ones.
    """
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValueError(f"currency must be three capital letters (ISO 4217), got {code!r}")
    return code


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        # Floats carry binary rounding error into every total built on them, so refuse them
        # here rather than discover a cent's difference in a report.
        if isinstance(self.amount, bool) or not isinstance(self.amount, Decimal | int):
            raise TypeError(f"amount must be a Decimal, got {type(self.amount).__name__}")
        amount = Decimal(self.amount)
        if not amount.is_finite():
            raise ValueError(f"amount must be finite, got {amount}")
        object.__setattr__(self, "amount", amount)
        check_currency_code(self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot combine {self.currency} and {other.currency}: convert one first"
            )

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
