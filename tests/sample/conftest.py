from datetime import date

import pytest

from parity.iati.model import Activity
from parity.sample import generate_portfolio

AS_OF = date(2025, 12, 31)  # generate_portfolio's default for end_year=2025


@pytest.fixture(scope="session")
def portfolio() -> list[Activity]:
    """2,000 activities: enough for the distributions to settle, quick to build once."""
    return list(generate_portfolio(2000, seed=7))
