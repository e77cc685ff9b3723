"""Public generators: a streaming portfolio, and one activity with a huge transaction list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from parity.iati.model import Activity
from parity.sample.activity import Context, build_activity
from parity.sample.amounts import log_uniform
from parity.sample.finance import iter_transactions
from parity.sample.orgs import SAMPLE_ORG_REF
from parity.sample.timeline import Timeline, make_timeline

# Mean value of iter_transactions' flows, to size the huge activity's budgets coherently.
_MEAN_FLOW_USD = 125_000.0


def generate_portfolio(
    n_activities: int,
    *,
    seed: int = 0,
    reporting_org_ref: str = SAMPLE_ORG_REF,
    start_year: int = 2014,
    end_year: int = 2025,
    as_of: date | None = None,
) -> Iterator[Activity]:
    """Yield ``n_activities`` sample activities, one at a time (memory stays flat).

    Activity k depends only on (seed, k) and the keyword arguments, never on ``n_activities``,
    so a portfolio of 10 is the first 10 of a portfolio of 100,000. Planned starts fall in
    ``start_year``..``end_year``; ``as_of`` (default: the last day of ``end_year``) is the date
    the data describes: no money moves and no actual is reported after it.
    """
    if start_year > end_year:
        raise ValueError(f"start_year {start_year} is after end_year {end_year}")
    ctx = Context.create(
        seed, reporting_org_ref, start_year, end_year, as_of or date(end_year, 12, 31)
    )
    for index in range(n_activities):
        rng = ctx.rng(index)
        timeline = make_timeline(rng, ctx.start_year, ctx.end_year, ctx.as_of)
        total_usd = log_uniform(rng, 100_000.0, 8_000_000.0)
        yield build_activity(ctx, index, f"P{index:07d}", timeline, rng, total_usd)


def generate_huge_activity(n_transactions: int, *, seed: int = 0) -> Activity:
    """One closed 2014-2025 activity with ``n_transactions`` transactions held in a tuple.

    For files too big for that, write the activity without transactions and stream
    ``iter_transactions(n_transactions, seed, ...)`` with the same arguments used here.
    """
    start, end = date(2014, 1, 1), date(2025, 12, 31)
    ctx = Context.create(seed, SAMPLE_ORG_REF, start.year, end.year, end)
    rng = ctx.rng(-1)  # index -1: never one of generate_portfolio's activities
    timeline = Timeline(start, end, start, end, end)
    base = build_activity(
        ctx,
        0,
        f"HUGE{seed}",
        timeline,
        rng,
        _MEAN_FLOW_USD * n_transactions,
        transaction_places=False,
    )
    partner = next(p.org for p in base.participating_orgs if p.role == "4")
    transactions = iter_transactions(
        n_transactions,
        seed,
        start=start,
        end=end,
        currency=base.default_currency,
        agency=ctx.reporting_org,
        partner=partner,
    )
    return replace(base, transactions=tuple(transactions))
