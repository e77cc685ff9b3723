"""Stored pledge progress and the fingerprint that says whether it is still right.

Computing a pledge's money progress reads and converts every transaction in scope: seconds
with a million transactions in the database. ``PledgeProgressSnapshot`` keeps the result;
a page recomputes it only when the **fingerprint** of its inputs has changed, so a stored
figure is never shown once anything it was computed from has changed.

The fingerprint is a hash of everything money progress reads, each summarised by an
aggregate the database answers from an index or a small table:

- the pledge itself: target, currency, basis, period, scope rule, listed activities, and the
  pillars its figure is broken down by;
- the activities in scope: their count, the sum of their ids (an activity entering or leaving
  the scope) and their latest ``updated_at``. Every change to an activity's content moves
  ``updated_at``: the loader sets it (with a new ``content_hash``) on every re-import of a
  changed activity, since it replaces the activity's transactions and other parts; ORM and
  admin saves of an activity set it (``auto_now``); and ``parity.commitments.signals`` sets it
  on the parent activity when a transaction or an indicator value is saved on its own;
- the number of transactions in the database: a transaction deleted on its own (the admin)
  changes it. A delete signal would do the same but would cost every bulk delete of
  transactions, the loader's re-import included, its fast path (Django then loads each row
  to send the signal);
- the pillar tags (count, highest id, sums of activity and pillar ids): tagging rules write
  them in bulk, without signals, and they decide both the scope (a ``pillars`` rule) and the
  figure by pillar;
- the exchange rates and deflators (count, highest id, latest import time, sum of the rates).

``FORMAT`` is part of the hash: changing how progress is computed or stored invalidates every
snapshot. What the fingerprint cannot see: a ``QuerySet.update()`` or raw SQL on transactions
that changes neither their number nor their activity. Run ``parity refresh-pledges --all``
after such a change (the loader and the admin never do it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from parity.activities.models import Activity, Transaction
from parity.commitments.models import (
    Deflator,
    ExchangeRate,
    PillarTag,
    Pledge,
    PledgeProgressSnapshot,
)
from parity.money.reference_rates import reference_rates

# Bump when the computation or the stored shape changes: every snapshot is then recomputed.
FORMAT = 1


@dataclass(frozen=True)
class Fingerprint:
    digest: str
    matched: int  # activities in scope, counted on the way (the page shows it)


def _plain(row: dict[str, Any]) -> list[str]:
    """An aggregate row as text in a fixed order (decimals, dates and None alike)."""
    return [str(row[key]) for key in sorted(row)]


def fingerprint(
    pledge: Pledge, in_scope: QuerySet[Activity], pillar_keys: Iterable[str]
) -> Fingerprint:
    """The hash of every input of the pledge's money progress (see the module docstring)."""
    scoped = in_scope.aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
    # COUNT(*) alone: SQLite answers it from the smallest index (about 20 ms for a million
    # rows); counting only the transactions in scope probes an index per activity and is
    # slower. Any insert or delete anywhere then invalidates: imports are rare, views are not.
    transactions = Transaction.objects.count()
    tags = PillarTag.objects.aggregate(
        n=Count("pk"), top=Max("pk"), activities=Sum("activity_id"), pillars=Sum("pillar_id")
    )
    # The sums are of the values a figure may use: one that cannot be read back (see
    # ``RateQuerySet.usable``) would make the sum unreadable too; its row still counts in n.
    usable = ExchangeRate.objects.usable().values("pk")
    rates = ExchangeRate.objects.aggregate(
        n=Count("pk"),
        top=Max("pk"),
        at=Max("imported_at"),
        sum=Sum("units_per_usd", filter=Q(pk__in=usable)),
    )
    deflators = Deflator.objects.aggregate(
        n=Count("pk"),
        top=Max("pk"),
        at=Max("imported_at"),
        sum=Sum("index", filter=Q(pk__in=Deflator.objects.usable().values("pk"))),
    )
    links = Pledge.scope_activities.through.objects.filter(pledge_id=pledge.pk)
    listed = sorted(links.values_list("activity_id", flat=True))
    amount = pledge.money_amount
    own = [
        # Normalised: 5E+7 whether the instance was read back (50000000.00) or just built.
        None if amount is None else Decimal(amount).normalize(),
        pledge.money_currency,
        pledge.money_basis,
        pledge.period_start,
        pledge.period_end,
        json.dumps(pledge.scope_rule, sort_keys=True),
        pledge.marker_condition,
        listed,
        list(pillar_keys),
    ]
    # The shipped reference rates change only with the package: its edition is enough.
    parts = [FORMAT, reference_rates().source, own, _plain(scoped), transactions, _plain(tags)]
    parts += [_plain(rates), _plain(deflators)]
    text = json.dumps(parts, default=str, separators=(",", ":"))
    return Fingerprint(hashlib.sha256(text.encode()).hexdigest(), scoped["n"])


def read(pledge: Pledge, digest: str) -> PledgeProgressSnapshot | None:
    """The stored progress when it was computed from inputs with this fingerprint."""
    return PledgeProgressSnapshot.objects.filter(pledge_id=pledge.pk, fingerprint=digest).first()


def store(pledge: Pledge, digest: str, **values: Any) -> None:
    """Keep freshly computed progress under the fingerprint taken **before** computing it:
    if an input changed meanwhile, the next view sees another fingerprint and recomputes."""
    try:
        with transaction.atomic():
            PledgeProgressSnapshot.objects.update_or_create(
                pledge_id=pledge.pk,
                defaults={"fingerprint": digest, "computed_at": timezone.now(), **values},
            )
    except IntegrityError:
        # The pledge was deleted while its progress was computed: nothing to keep.
        pass


def forget(pledge: Pledge) -> None:
    PledgeProgressSnapshot.objects.filter(pledge_id=pledge.pk).delete()
