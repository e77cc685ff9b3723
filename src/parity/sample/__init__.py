"""Deterministic synthetic sample portfolio: fictional, clearly labelled, shaped like IATI 2.03.

Used by the demo loader (so every page has data) and by benchmarks (huge files). Pure Python.
"""

from parity.sample.finance import iter_transactions
from parity.sample.orgs import SAMPLE_ORG_NAME, SAMPLE_ORG_REF
from parity.sample.portfolio import generate_huge_activity, generate_portfolio
from parity.sample.texts import SAMPLE_LABEL

__all__ = [
    "SAMPLE_LABEL",
    "SAMPLE_ORG_NAME",
    "SAMPLE_ORG_REF",
    "generate_huge_activity",
    "generate_portfolio",
    "iter_transactions",
]
