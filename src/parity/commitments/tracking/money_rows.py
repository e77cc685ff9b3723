"""Selectors: the transactions behind a pledge's money figure, and why the others are left out.

Rows that ``money_progress`` would leave out for a reason the database can tell (wrong type,
dated outside the period, gender marker 0 or not screened) are counted and listed by SQL and
never read into Python; the remaining candidates go through ``money_progress`` whole, so the
figure is exactly its sum, and a missing exchange rate is still reported by it. Two reasons
are Parity's own, for rows ``parity.progress`` cannot represent: a transaction without a
date, and one without any currency (neither its own nor its activity's default).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower

from parity.activities.models import CONSTANT_PRICES, Activity, Transaction
from parity.commitments.models import PillarTag, Pledge
from parity.commitments.scope import scope_q, scope_transaction_q, with_default_aid_text
from parity.money import RateTable
from parity.progress import (
    Exclusion,
    MoneyProgress,
    MoneyTarget,
    Period,
    TransactionRow,
    money_progress,
)

# Why a transaction in scope does not count, in the order the checks apply (the first that
# fails is the reason). Keys are used in URLs.
MONEY_REASONS: dict[str, str] = {
    "value": "no value, or one that cannot be read as a number",
    "type": str(Exclusion.WRONG_TYPE),
    "no-date": "no transaction date",
    "period": str(Exclusion.OUTSIDE_PERIOD),
    "not-screened": str(Exclusion.NOT_SCREENED),
    "not-targeted": str(Exclusion.NOT_TARGETED),
    "not-principal": str(Exclusion.NOT_PRINCIPAL),
    "no-currency": "no currency: neither the transaction nor its activity gives one",
    "prices": "constant prices only (the file gives no current-price amount): a pledge "
    "counts current prices",
    "rate": str(Exclusion.MISSING_RATE),
}
_TRANSACTION_FIELDS = (
    "id",
    "activity_id",
    "activity__iati_identifier",
    "type",
    "date",
    "value",
    "currency",
    "activity__default_currency",
    "value_date",
    "row_marker",
)


# Transaction.value holds 18 digits before the point. Outside that, a value was written behind
# the loader (SQLite's infinity for 1e400, a NaN by hand) and cannot be read back: such a row
# is listed under "value", never read into a figure, which it would otherwise take down.
_VALUE_LIMIT = Decimal("1e18")


class StaleSnapshotError(RuntimeError):
    """A stored figure's evidence no longer matches the transactions: recompute the report.

    The fingerprint makes this unreachable unless transactions were changed behind the ORM
    (``QuerySet.update()``, raw SQL); the stored progress is then dropped, never shown again.
    """


def money_target(pledge: Pledge) -> MoneyTarget | None:
    if pledge.money_amount is None:
        return None
    return MoneyTarget(
        pledge.money_amount, pledge.money_currency, pledge.money_basis, pledge.marker_condition
    )


def scope_transactions(pledge: Pledge) -> QuerySet[Transaction]:
    """The transactions in scope: of the activities in scope, picked by the rule's
    transaction criteria (flow, finance and aid type, channel) when it has any."""
    rows = Transaction.objects.filter(activity__in=Activity.objects.filter(scope_q(pledge)))
    return with_row_marker(with_default_aid_text(rows)).filter(scope_transaction_q(pledge))


def _readable_value() -> Q:
    return Q(value__gt=-_VALUE_LIMIT, value__lt=_VALUE_LIMIT)


def _no_currency() -> Q:
    return Q(currency="") & Q(activity__default_currency="")


def _marker_reasons(target: MoneyTarget) -> list[When]:
    counted = target.counted_markers
    if counted is None:  # every marker counts
        return []
    reasons = [
        When(row_marker__isnull=True, then=Value("not-screened")),
        When(row_marker=0, then=Value("not-targeted")),
    ]
    if "1" not in counted:
        reasons.append(When(row_marker=1, then=Value("not-principal")))
    return reasons


def _counted_markers(target: MoneyTarget) -> Q:
    counted = target.counted_markers
    return Q() if counted is None else Q(row_marker__in=[int(m) for m in counted])


def with_row_marker(transactions: QuerySet[Transaction]) -> QuerySet[Transaction]:
    """Each transaction's gender marker: a CRS row's own (a project's score can change from
    year to year), else its activity's (IATI scores the activity, never a transaction)."""
    return transactions.annotate(row_marker=Coalesce("gender_marker", "activity__gender_marker"))


def _money_reason(target: MoneyTarget, period: Period) -> Case:
    return Case(
        When(~_readable_value(), then=Value("value")),
        When(~Q(type__in=target.transaction_types), then=Value("type")),
        When(date__isnull=True, then=Value("no-date")),
        When(Q(date__lt=period.start) | Q(date__gt=period.end), then=Value("period")),
        *_marker_reasons(target),
        When(_no_currency(), then=Value("no-currency")),
        When(value_prices=CONSTANT_PRICES, then=Value("prices")),
        default=Value(""),
        output_field=CharField(),
    )


def _candidates(pledge: Pledge, target: MoneyTarget, period: Period) -> QuerySet[Transaction]:
    """Rows that pass every check the database can make: ``money_progress`` decides the rest."""
    in_scope = Activity.objects.filter(scope_q(pledge))
    # Lower() is the identity on type codes; it stops SQLite from walking the (type, date)
    # index over every pledge-period transaction of the whole database, so it starts from
    # the activities in scope instead (ten times faster with a million transactions).
    return (
        with_row_marker(
            with_default_aid_text(Transaction.objects.annotate(type_code=Lower("type")))
        )
        .filter(activity__in=in_scope)
        .filter(scope_transaction_q(pledge), _counted_markers(target))
        .filter(
            _readable_value(),
            ~_no_currency(),
            ~Q(value_prices=CONSTANT_PRICES),
            type_code__in=target.transaction_types,
            date__gte=period.start,
            date__lte=period.end,
        )
    )


def excluded_transactions(pledge: Pledge, key: str) -> QuerySet[Transaction]:
    """Transactions in scope left out of the money figure for the reason ``key``
    (any reason but a missing rate, which ``MoneyReport.progress.unconverted`` lists)."""
    target, period = money_target(pledge), pledge.period
    if target is None or period is None or key not in MONEY_REASONS or key == "rate":
        return Transaction.objects.none()
    return (
        scope_transactions(pledge)
        .annotate(reason=_money_reason(target, period))
        .filter(reason=key)
        .select_related("activity")
        .order_by("date", "id")
    )


def transaction_rows(
    rows: Iterator[tuple], pillars: dict[int, tuple[str, ...]], ids: dict[int, int]
) -> Iterator[TransactionRow]:
    """``TransactionRow`` from ``_TRANSACTION_FIELDS`` tuples; ``ids`` maps id(row) to its pk."""
    for pk, activity_pk, identifier, type_code, day, value, currency, default, vdate, gm in rows:
        row = TransactionRow(
            activity_id=identifier,
            type_code=type_code,
            date=day,
            value=value,
            currency=currency or default,
            value_date=vdate,
            gender_marker=None if gm is None else str(gm),
            pillars=pillars.get(activity_pk, ()),
        )
        ids[id(row)] = pk
        yield row


def _pillars_of(activity_ids: Iterable[int], names: Mapping[str, str]) -> dict[int, tuple]:
    """{activity pk: the keys of ``names`` it is tagged with, in the order of ``names``}."""
    if not names:
        return {}
    order = list(names)
    tags: dict[int, list[str]] = defaultdict(list)
    tagged = PillarTag.objects.filter(activity__in=activity_ids, pillar_id__in=map(int, order))
    for activity_pk, pillar_pk in tagged.values_list("activity_id", "pillar_id"):
        tags[activity_pk].append(str(pillar_pk))
    return {pk: tuple(sorted(keys, key=order.index)) for pk, keys in tags.items()}


def read_rows(
    ids: Sequence[int], pillar_names: Mapping[str, str]
) -> tuple[list[TransactionRow], dict[int, int]]:
    """The transactions ``ids`` as ``TransactionRow``, in that order, and {id(row): pk}."""
    found = {
        row[0]: row
        for row in with_row_marker(Transaction.objects.filter(pk__in=list(ids))).values_list(
            *_TRANSACTION_FIELDS
        )
    }
    if len(found) != len(ids):
        raise StaleSnapshotError("a transaction behind the stored figure was deleted")
    pillars = _pillars_of({row[1] for row in found.values()}, pillar_names)
    pks: dict[int, int] = {}
    rows = list(transaction_rows((found[pk] for pk in ids), pillars, pks))
    return rows, pks


def currencies(target: MoneyTarget, rows: Iterable[TransactionRow]) -> set[str]:
    """The currencies whose rates converting ``rows`` to the target can need."""
    return {target.currency, *(row.currency for row in rows)}


@dataclass(frozen=True)
class ComputedMoney:
    """Money progress computed from every transaction in scope."""

    progress: MoneyProgress
    transaction_ids: tuple[int, ...]
    unconverted_ids: tuple[int, ...]
    reasons: dict[str, int]


def compute_money(
    pledge: Pledge, target: MoneyTarget, period: Period, names: Mapping[str, str], rates: RateTable
) -> ComputedMoney:
    """The slow path: every candidate transaction through ``money_progress``, and the rows
    the database can rule out counted by reason."""
    in_scope = Activity.objects.filter(scope_q(pledge))
    pillars = _pillars_of(in_scope, names)
    candidates = (
        _candidates(pledge, target, period)
        .order_by("date", "id")
        .values_list(*_TRANSACTION_FIELDS)
        .iterator(chunk_size=10000)
    )
    offered: dict[int, int] = {}  # id() of each row offered -> its transaction id
    progress = money_progress(
        target,
        period,
        transaction_rows(candidates, pillars, offered),
        rates,
        principal_only=True,
    )
    # The rows are alive in the progress, so their id() still names them.
    transaction_ids = tuple(offered[id(c.row)] for c in progress.contributions)
    unconverted_ids = tuple(offered[id(e.row)] for e in progress.unconverted)
    counts = (
        scope_transactions(pledge)
        .annotate(reason=_money_reason(target, period))
        .exclude(reason="")
        .values("reason")
        .annotate(n=Count("id"))
    )
    found = {row["reason"]: row["n"] for row in counts}
    found["rate"] = len(progress.unconverted)
    reasons = {key: found[key] for key in MONEY_REASONS if found.get(key)}
    return ComputedMoney(progress, transaction_ids, unconverted_ids, reasons)
