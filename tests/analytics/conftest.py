"""Fixtures: annual exchange rates, and an independent recount of the figures from raw rows.

The recount reads the activities' own tables and converts with its own rate lookup; it shares
no code with parity.analytics, so a figure that equals it is right by two routes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest

from parity.activities.models import (
    Activity,
    ActivitySector,
    RecipientCountry,
    RecipientRegion,
    Transaction,
)
from parity.commitments.rates import rates_import
from parity.money import RatePeriod, RateRow

ANNUAL = {"EUR": Decimal("0.9"), "JPY": Decimal("110.42"), "GBP": Decimal("0.64")}
YEARS = range(1995, 2031)
ALLOCABLE = ("A02", "B01", "B03", "B04", "C01", "D01", "D02", "E01")


@pytest.fixture
def rates(db) -> None:
    rates_import(
        [RateRow(c, RatePeriod(y), r, "Test rates") for y in YEARS for c, r in ANNUAL.items()]
    )


def usd_cents(value: Decimal, currency: str) -> int | None:
    if currency == "USD":
        amount = value
    elif currency in ANNUAL:
        amount = value / ANNUAL[currency]
    else:
        return None
    return int(amount.quantize(Decimal("0.01"), ROUND_HALF_EVEN) * 100)


def _parts(rows) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for activity, code, pct in rows:
        found[activity].append((code, pct))
    return found


def _shares(parts: list) -> dict[str, Fraction]:
    if not parts:
        return {"": Fraction(1)}
    out: dict[str, Fraction] = defaultdict(Fraction)
    total = sum(Fraction(p) for _, p in parts if p is not None)
    if all(p is not None for _, p in parts) and total:
        for code, p in parts:
            out[code] += Fraction(p) / total
    else:
        for code, _ in parts:
            out[code] += Fraction(1, len(parts))
    return out


def recount(types: tuple[str, ...]) -> list[dict]:
    """Every counted transaction, converted, with its marker, class and allocations."""
    activities = {
        a.pk: a
        for a in Activity.objects.select_related("reporting_org").only(
            "gender_marker",
            "default_aid_types",
            "default_currency",
            "default_flow_type",
            "reporting_org__ref",
        )
    }
    countries = _parts(RecipientCountry.objects.values_list("activity_id", "code", "percentage"))
    for activity, code, pct in RecipientRegion.objects.values_list(
        "activity_id", "code", "percentage"
    ):
        countries[activity].append((f"region:{code}", pct))
    sectors = _parts(
        ActivitySector.objects.filter(vocabulary__in=["1", ""]).values_list(
            "activity_id", "code", "percentage"
        )
    )
    found = []
    for t in Transaction.objects.filter(type__in=types, date__isnull=False):
        a = activities[t.activity_id]
        aid = t.aid_type or (a.default_aid_types[0] if a.default_aid_types else "")
        place = (
            {t.recipient_country: Fraction(1)}
            if t.recipient_country
            else {f"region:{t.recipient_region}": Fraction(1)}
            if t.recipient_region
            else _shares(countries.get(a.pk, []))
        )
        sector = (
            {t.sector_code: Fraction(1)}
            if t.sector_code and t.sector_vocabulary in ("1", "")
            else _shares(sectors.get(a.pk, []))
        )
        found.append(
            {
                "year": t.date.year,
                "marker": a.gender_marker,
                "allocable": aid[:3] in ALLOCABLE,
                "cents": usd_cents(t.value, t.currency or a.default_currency),
                "place": place,
                "sector": sector,
                "activity": a.pk,
                "org": a.reporting_org_id,
                "org_ref": a.reporting_org.ref,
                "flow_type": t.flow_type or a.default_flow_type,
            }
        )
    return found


def to_money(amount: Fraction) -> Decimal:
    value = Decimal(amount.numerator) / Decimal(amount.denominator)
    return value.quantize(Decimal("0.01"), ROUND_HALF_EVEN)
