"""Countries and currencies are checked against the IATI codelists, their only copy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from parity.activities.validators import validate_country, validate_currency


@pytest.mark.parametrize("code", ["VN", "KH", "SS", ""])
def test_it_accepts_countries_of_the_codelist(code: str) -> None:
    validate_country(code)


@pytest.mark.parametrize("code", ["ZZ", "vn", "VNM", "XK-"])
def test_it_refuses_anything_else_as_a_country(code: str) -> None:
    with pytest.raises(ValidationError, match="not an ISO 3166 country code"):
        validate_country(code)


@pytest.mark.parametrize("code", ["USD", "JPY", "XOF", "VEF", ""])  # VEF: withdrawn, still valid
def test_it_accepts_currencies_of_the_codelist(code: str) -> None:
    validate_currency(code)


@pytest.mark.parametrize("code", ["US$", "usd", "ZZZ"])
def test_it_refuses_anything_else_as_a_currency(code: str) -> None:
    with pytest.raises(ValidationError, match="not an ISO 4217 currency code"):
        validate_currency(code)
