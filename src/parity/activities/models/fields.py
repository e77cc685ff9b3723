"""Field and constraint makers shared by the activity models: one definition of money,
percentages, closed codelists and multilingual texts."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from parity.activities.validators import validate_narratives

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=22, decimal_places=4, **kwargs)


def percent_field() -> models.DecimalField:
    return models.DecimalField(
        max_digits=7, decimal_places=4, null=True, blank=True, validators=PERCENT_VALIDATORS
    )


def percent_check(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
        name=f"{model}_percentage_0_100",
    )


def code_check(
    field: str, allowed, model: str, nullable: bool = False, empty: bool = False
) -> models.CheckConstraint:
    """The field holds a code of its closed codelist; with ``empty``, or "": the reader left
    it empty because the file's value is not in the codelist (a data-quality note keeps it)."""
    condition = Q(**{f"{field}__in": [""] * empty + list(allowed)})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{model}_{field}_valid")


def narratives_field() -> models.JSONField:
    return models.JSONField(default=list, blank=True, validators=[validate_narratives])
