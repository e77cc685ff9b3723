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


def pledge_scope_update(
    pledge: Pledge,
    *,
    rule: dict[str, Any],
    marker_condition: str,
    money_basis: str,
    reasoning: str,
) -> Pledge:
    """Save a pledge's scope (rule, marker condition, basis, reasoning) as the editor set it;
    the whole pledge is validated first and nothing is written if anything is wrong."""
    pledge.scope_rule = rule
    pledge.marker_condition = marker_condition
    pledge.money_basis = money_basis
    pledge.scope_reasoning = reasoning
    pledge.full_clean()
    with transaction.atomic():
        pledge.save(
            update_fields=["scope_rule", "marker_condition", "money_basis", "scope_reasoning"]
        )
    return pledge
