"""Keep ``Activity.updated_at`` moving when an activity's evidence is edited on its own.

Pledge progress is stored with a fingerprint of its inputs (``parity.commitments.stored_progress``)
that reads, for the activities in scope, their latest ``updated_at`` rather than their
transactions: a million transactions cannot be summed for every page view, the activities in
scope can. The loader already sets ``updated_at`` whenever it rewrites an activity's parts;
these handlers do the same when a single transaction or indicator value is saved through the
ORM or the admin, so a stored figure never outlives an edit of a row behind it.

No delete handler: any delete listener makes Django load every row of a bulk delete to send
the signal, which would cost the loader's re-import (it deletes the parts of every changed
activity) its fast path. A deleted transaction changes the number of transactions, which
the fingerprint reads instead.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from parity.activities.models import Activity, IndicatorPeriod, IndicatorValue, Transaction


@receiver(post_save, sender=Transaction, dispatch_uid="commitments-transaction-touch")
def transaction_saved(sender: type, instance: Transaction, **kwargs: Any) -> None:
    Activity.objects.filter(pk=instance.activity_id).update(updated_at=timezone.now())


@receiver(post_save, sender=IndicatorValue, dispatch_uid="commitments-indicator-value-touch")
def indicator_value_saved(sender: type, instance: IndicatorValue, **kwargs: Any) -> None:
    # Output progress is computed on every view today; keeping updated_at honest for
    # indicator values too lets it be stored like money progress without a second scheme.
    periods = IndicatorPeriod.objects.filter(pk=instance.period_id)
    Activity.objects.filter(pk__in=periods.values("indicator__result__activity_id")).update(
        updated_at=timezone.now()
    )
