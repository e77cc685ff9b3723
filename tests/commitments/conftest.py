"""Fixtures: a small sample portfolio, an annual rates file, and test pledges over them.

Test pledges are created here, never attached to the seed's (real) pledges.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from parity.activities.loader import ActivityLoader
from parity.commitments.models import Pledge
from parity.commitments.rates import rates_import, read_rates_file
from parity.sample import generate_portfolio

# Units per USD by currency; every year 2012-2026 gets the same rate, plus two monthly rows so
# the monthly fallback is exercised.
ANNUAL = {"EUR": Decimal("0.9"), "JPY": Decimal("110.42"), "GBP": Decimal("0.78")}
MONTHLY = {("EUR", 2017, 3): Decimal("0.93"), ("JPY", 2018, 6): Decimal("109.5")}
YEARS = range(2012, 2027)


def rates_csv() -> str:
    lines = ["currency,period,units_per_usd,source"]
    lines += [f"{c},{y},{r},Test rates" for y in YEARS for c, r in ANNUAL.items()]
    lines += [f"{c},{y}-{m:02d},{r},Test rates" for (c, y, m), r in MONTHLY.items()]
    return "\n".join(lines) + "\n"


def units_per_usd(currency: str, day: date) -> Decimal:
    """The test's own rate lookup (independent of parity.money)."""
    if currency == "USD":
        return Decimal(1)
    return MONTHLY.get((currency, day.year, day.month), ANNUAL[currency])


@pytest.fixture
def rates_file(tmp_path: Path) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(rates_csv())
    return path


@pytest.fixture
def rates(db, rates_file: Path) -> None:
    rates_import(read_rates_file(rates_file))


@pytest.fixture
def portfolio(db) -> int:
    """120 sample activities (labelled sample) loaded through the real loader."""
    counts = ActivityLoader(is_sample=True).load(generate_portfolio(120, seed=3))
    assert not counts.rejected
    return counts.loaded


def make_pledge(slug: str = "test-pledge", **fields) -> Pledge:
    defaults = {
        "title": "Test pledge over sample data",
        "period_start": date(2016, 1, 1),
        "period_end": date(2020, 12, 31),
        "money_amount": Decimal("50000000"),
        "money_currency": "USD",
        "money_basis": Pledge.COMMITMENTS,
        "scope_rule": {"gender_markers": [1, 2], "include_sample": True},
    }
    defaults.update(fields)
    pledge = Pledge(slug=slug, **defaults)
    pledge.full_clean()
    pledge.save()
    return pledge
