"""Field validators backed by the IATI codelists shipped with Parity."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError


@cache
def _codes(list_name: str) -> frozenset[str]:
    data = resources.files("parity.activities").joinpath("data", f"{list_name}.json").read_text()
    return frozenset(json.loads(data))


def validate_currency(value: str) -> None:
    if value and value not in _codes("currencies"):
        raise ValidationError(f"{value!r} is not an ISO 4217 currency code in the IATI codelist.")


def validate_country(value: str) -> None:
    if value and value not in _codes("countries"):
        raise ValidationError(f"{value!r} is not an ISO 3166 country code in the IATI codelist.")


def validate_narratives(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("text"), str) for item in value
    ):
        raise ValidationError('Narratives must be a list of {"text": ..., "lang": ...} objects.')


def validate_positive(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError("A target must be more than zero.")
