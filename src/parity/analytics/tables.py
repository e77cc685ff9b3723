"""What the figures read (``Row``, ``ResultValue``) and what they give (``Table``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

UNSPECIFIED = ""  # breakdown key of value that no country, sector or area is given for


@dataclass(frozen=True)
class Row:
    """Transactions of one flow that agree on year, marker, aid-type class and ``key``.

    ``amount`` is the converted value of the ``count`` transactions that could be converted
    (already weighted when the row stands for a share of them); ``unconverted`` counts those
    that could not be (no exchange rate, or no deflator for the year); ``no_current`` counts
    CRS rows left out at current prices because their file gives a constant-price amount only.
    """

    year: int
    marker: int | None
    allocable: bool
    amount: Fraction = Fraction(0)
    count: int = 0
    unconverted: int = 0
    key: str = ""
    no_current: int = 0


@dataclass(frozen=True)
class ResultValue:
    """One reported actual of an indicator that counts units, with its sex dimension."""

    indicator: str
    sex: str  # "female" or "male"
    value: Decimal
    activity: int


@dataclass(frozen=True)
class Column:
    """A table's column: ``label`` is English (a msgid), shown in the reader's language;
    ``code`` is the code the column stands for (a purpose code), shown beside the label."""

    key: str
    label: str
    kind: Literal["text", "year", "amount", "share", "count", "number"] = "text"
    code: str = ""


@dataclass
class Table:
    """A figure's numbers: the chart draws them, the page shows them, the CSV holds them."""

    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    unconverted: int = 0  # transactions left out for want of a rate or deflator
    # CRS rows left out at current prices: their file gives constant prices only
    no_current: int = 0
    notes: list[str] = field(default_factory=list)
