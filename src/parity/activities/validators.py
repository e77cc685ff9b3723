"""Field validators backed by the IATI codelists (``parity.iati.codelists``, the only copy)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parity.iati import codelists


def validate_currency(value: str) -> None:
    if value and not codelists.is_valid("Currency", value):
        raise ValidationError(f"{value!r} is not an ISO 4217 currency code in the IATI codelist.")


def validate_country(value: str) -> None:
    if value and not codelists.is_valid("Country", value):
        raise ValidationError(f"{value!r} is not an ISO 3166 country code in the IATI codelist.")


def validate_narratives(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("text"), str) for item in value
    ):
        raise ValidationError('Narratives must be a list of {"text": ..., "lang": ...} objects.')


def validate_positive(value) -> None:
    if value is not None and value <= 0:
        raise ValidationError("A target must be more than zero.")
