"""Budgets and transactions: commitments first, then disbursements and expenditures over time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from random import Random

from parity.iati.model import Budget, Narrative, OrgRef, Transaction
from parity.sample.amounts import log_uniform, money
from parity.sample.frozen import maker
from parity.sample.timeline import Timeline, year_periods

COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"
MIN_VALUE, MAX_VALUE = 10_000.0, 5_000_000.0
# A transaction in another currency than the activity default: a fixed alternative per default
# keeps it cheap and avoids ever "switching" to the same currency.
_OTHER_CURRENCY = {"USD": "EUR", "EUR": "USD", "JPY": "USD", "GBP": "EUR"}
_COMMITMENT_TEXT = (Narrative("Commitment (sample data)"),)
_transaction = maker(Transaction)
_budget = maker(Budget)


def make_budgets(
    rng: Random, timeline: Timeline, total_usd: float, currency: str
) -> tuple[Budget, ...]:
    """One original budget per calendar year of the planned duration, shares by days."""
    periods = year_periods(timeline.planned_start, timeline.planned_end)
    total_days = (timeline.planned_end - timeline.planned_start).days + len(periods)
    return tuple(
        _budget(
            period_start=start,
            period_end=end,
            value=money(
                total_usd * ((end - start).days + 1) / total_days * rng.uniform(0.85, 1.15),
                currency,
            ),
            currency=currency,
            value_date=start,
            type="1",
            # Years already begun are committed; later ones are still indicative.
            status="2" if start <= timeline.as_of else "1",
        )
        for start, end in periods
    )


def make_transactions(
    rng: Random,
    timeline: Timeline,
    total_usd: float,
    currency: str,
    agency: OrgRef,
    partner: OrgRef,
    places: tuple[Sequence[str], Sequence[str]] | None,
    count: int,
) -> tuple[Transaction, ...]:
    """``count`` transactions (fewer for a pipeline activity, which has only its commitments).

    ``places`` is (sector codes, country codes) when this activity reports them per transaction
    instead of at activity level (an IATI rule: one or the other, never both).
    """
    commitments = _commitments(rng, timeline, total_usd, currency, agency, partner, places)
    if timeline.actual_start is None:
        return commitments
    first = timeline.actual_start.toordinal()
    span = timeline.spent_until().toordinal() - first + 1
    random = rng.random
    days = sorted(first + int(span * random()) for _ in range(max(3, count - len(commitments))))
    kinds = [EXPENDITURE if random() < 0.25 else DISBURSEMENT for _ in days]
    weights = [0.5 + random() if kind == DISBURSEMENT else 0.0 for kind in kinds]
    disbursed = total_usd * timeline.progress() * rng.uniform(0.8, 1.0)
    per_weight = disbursed / (sum(weights) or 1.0)
    transactions = list(commitments)
    for day, kind, weight in zip(days, kinds, weights, strict=True):
        if kind == DISBURSEMENT:
            usd = min(MAX_VALUE, max(MIN_VALUE, weight * per_weight))
            receiver = partner if rng.random() < 0.7 else None
        else:
            usd = log_uniform(rng, MIN_VALUE, 300_000.0)
            receiver = None
        transactions.append(
            _flow(
                rng,
                kind,
                date.fromordinal(day),
                usd,
                currency,
                agency if receiver else None,
                receiver,
                places,
            )
        )
    return tuple(transactions)


def _commitments(
    rng: Random,
    timeline: Timeline,
    total_usd: float,
    currency: str,
    agency: OrgRef,
    partner: OrgRef,
    places: tuple[Sequence[str], Sequence[str]] | None,
) -> tuple[Transaction, ...]:
    # Signed up to three months before the planned start, and never after the data date.
    signed = min(timeline.planned_start - timedelta(days=rng.randint(0, 90)), timeline.as_of)
    # Large programmes are committed in two tranches about a year apart, so none exceeds
    # MAX_VALUE (the second never after the data date).
    tranches = [(signed, total_usd)]
    if total_usd > 4_000_000:
        second = min(signed + timedelta(days=365), timeline.as_of)
        tranches = [(signed, total_usd * 0.6), (second, total_usd * 0.4)]
    return tuple(
        _transaction(
            type=COMMITMENT,
            date=day,
            value=money(usd, currency),
            currency=currency,
            value_date=day,
            description=_COMMITMENT_TEXT,
            provider=agency,
            receiver=partner,
            **_place(rng, places),
        )
        for day, usd in tranches
    )


def _place(rng: Random, places: tuple[Sequence[str], Sequence[str]] | None) -> dict[str, str]:
    """Transaction-level sector and country, for activities that report them there."""
    if places is None:
        return {}
    sectors, countries = places
    return {
        "sector_code": rng.choice(sectors),
        "sector_vocabulary": "1",
        "recipient_country": rng.choice(countries),
    }


def _flow(
    rng: Random,
    kind: str,
    day: date,
    usd: float,
    currency: str,
    provider: OrgRef | None,
    receiver: OrgRef | None,
    places: tuple[Sequence[str], Sequence[str]] | None,
) -> Transaction:
    if rng.random() < 0.08:
        currency = _OTHER_CURRENCY[currency]
    # Some publishers convert at the start of the month rather than on the day itself.
    value_date = day.replace(day=1) if rng.random() < 0.2 else day
    return _transaction(
        type=kind,
        date=day,
        value=money(usd, currency),
        currency=currency,
        value_date=value_date,
        provider=provider,
        receiver=receiver,
        **_place(rng, places),
    )


def iter_transactions(
    n: int,
    seed: int = 0,
    *,
    start: date = date(2014, 1, 1),
    end: date = date(2025, 12, 31),
    currency: str = "USD",
    agency: OrgRef | None = None,
    partner: OrgRef | None = None,
) -> Iterator[Transaction]:
    """``n`` transactions in date order, one at a time, for files too big to hold in memory.

    Every thousandth is a commitment covering the thousand flows after it, so totals stay
    coherent at any size. Dates depend on ``n`` (they are spread evenly from start to end).
    """
    rng = Random(f"parity-sample-transactions:{seed}")
    first, span = start.toordinal(), end.toordinal() - start.toordinal()
    for i in range(n):
        day = date.fromordinal(first + i * span // max(1, n - 1))
        if i % 1000 == 0:
            yield _transaction(
                type=COMMITMENT,
                date=day,
                value=money(125_000.0 * min(1000, n - i), currency),
                currency=currency,
                value_date=day,
                description=_COMMITMENT_TEXT,
                provider=agency,
                receiver=partner,
            )
            continue
        kind = EXPENDITURE if rng.random() < 0.3 else DISBURSEMENT
        receiver = partner if kind == DISBURSEMENT else None
        usd = log_uniform(rng, MIN_VALUE, 500_000.0)
        yield _flow(rng, kind, day, usd, currency, agency if receiver else None, receiver, None)
