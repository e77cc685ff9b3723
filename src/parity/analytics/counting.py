"""Which transactions a figure counts, and how their money is added up (pure Python).

Money: every amount is in one reporting currency (USD unless the figures were built in another),
each transaction converted at its value date and rounded to the cent before anything is added
(``CENT``). A transaction that cannot be converted (no rate, no currency, or no deflator for its
year at constant prices) is counted in ``unconverted``, never added as 0; every figure reports
how many such transactions it left out. Amounts are ``Fraction`` while they are being weighted
(a third of an activity's value to each of three countries) and rounded to the cent only when a
figure is shown, so a total never depends on the order rows were added in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Literal

from parity.i18n_marker import gettext_noop

Flow = Literal["commitments", "disbursements"]
Prices = Literal["current", "constant"]

# IATI 2.03 transaction types behind each flow: 2 Outgoing Commitment; 3 Disbursement and
# 4 Expenditure (money the reporter spends directly reaches people as surely as a disbursement).
FLOW_TYPES: dict[str, frozenset[str]] = {
    "commitments": frozenset({"2"}),
    "disbursements": frozenset({"3", "4"}),
}
FLOW_WORDS = {
    "commitments": gettext_noop("Commitments (IATI transaction type 2)"),
    "disbursements": gettext_noop("Disbursements and expenditure (IATI transaction types 3 and 4)"),
}
# The OECD's headline counts ODA only: IATI FlowType 10, which is also the CRS category code.
ODA = "10"
ALL = "all"  # the filter value that lifts the flow-type or provider-group default
# The OECD DAC's bilateral allocable aid: the aid types a donor can assign a gender marker to
# in a meaningful way. Sub-codes (B031, B032, B033) belong to their category (B03).
BILATERAL_ALLOCABLE = frozenset({"A02", "B01", "B03", "B04", "C01", "D01", "D02", "E01"})
MARKERS: dict[int | None, str] = {
    2: gettext_noop("Principal (2)"),
    1: gettext_noop("Significant (1)"),
    0: gettext_noop("Not targeted (0)"),
    None: gettext_noop("Not screened"),
}
FOCUSED = frozenset({1, 2})
CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")


def is_allocable(aid_type: str) -> bool:
    """Whether an aid type code counts as bilateral allocable (see ``BILATERAL_ALLOCABLE``)."""
    return aid_type[:3] in BILATERAL_ALLOCABLE


def effective_aid_type(own: str, activity_defaults: Sequence[str]) -> str:
    """The transaction's own aid type, else its activity's first default aid type, else ""."""
    return own or (activity_defaults[0] if activity_defaults else "")


def effective_flow_type(own: str, activity_default: str) -> str:
    return own or activity_default


def flow_of(transaction_type: str) -> Flow | None:
    for flow, types in FLOW_TYPES.items():
        if transaction_type in types:
            return flow  # type: ignore[return-value]
    return None


def to_cents(amount: Decimal) -> int:
    """An amount in the reporting currency as whole cents, rounded half to even."""
    return int(amount.quantize(CENT, ROUND_HALF_EVEN) * 100)


def split(parts: Sequence[tuple[str, Decimal | None]]) -> dict[str, Fraction]:
    """How an activity's value is allocated to its countries (or sectors): by percentage.

    When every part has a percentage and they add up to more than 0, each part gets its
    percentage divided by their sum (so the parts always add up to the whole value, even when
    a publisher's percentages add up to 99.99 or 110). Otherwise the value is split equally.
    A code listed twice gets both its parts. No parts: no allocation (the caller files the value
    under "unspecified").
    """
    if not parts:
        return {}
    shares: dict[str, Fraction] = defaultdict(Fraction)
    total = sum((Fraction(p) for _, p in parts if p is not None), Fraction(0))
    if all(p is not None for _, p in parts) and total > 0:
        for code, percentage in parts:
            shares[code] += Fraction(percentage) / total  # type: ignore[arg-type]
    else:
        for code, _ in parts:
            shares[code] += Fraction(1, len(parts))
    return dict(shares)


def cents(amount: Fraction) -> Decimal:
    """A weighted amount for display: rounded to the cent once, at the end."""
    value = Decimal(amount.numerator) / Decimal(amount.denominator)
    return value.quantize(CENT, ROUND_HALF_EVEN)


def plain(value: Decimal) -> Decimal:
    """A count without trailing zeros or an exponent: 1200, not 1.2E+3 or 1200.0000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def share(part: Fraction, whole: Fraction) -> Decimal | None:
    """``part / whole`` to four decimals (0.4512 = 45.12%); None when the whole is 0."""
    if whole == 0:
        return None
    ratio = part / whole
    return (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(
        SHARE_PLACES, ROUND_HALF_EVEN
    )
