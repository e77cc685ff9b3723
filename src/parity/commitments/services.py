"""Writing frameworks, events and pledges: each function validates fully, then writes atomically."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from parity.commitments.models import OutputTarget, Pillar, Pledge

NO_TARGET = "A pledge needs a money target or at least one output target."


def pledge_save(
    pledge: Pledge,
    output_targets: Iterable[dict[str, Any]] = (),
    pillars: Iterable[Pillar] = (),
) -> Pledge:
    """Create or replace a pledge and its output targets; writes nothing if anything is invalid."""
    targets = [OutputTarget(pledge=pledge, **fields) for fields in output_targets]
    pledge.full_clean()
    for target in targets:
        target.full_clean(exclude=["pledge"])
    if pledge.money_amount is None and not targets:
        raise ValidationError({"money_amount": NO_TARGET})
    with transaction.atomic():
        pledge.save()
        pledge.output_targets.all().delete()
        OutputTarget.objects.bulk_create(targets)
        pledge.pillars.set(list(pillars))
    return pledge
