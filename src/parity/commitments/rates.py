"""Exchange rates and deflators in the database: importing files, building lookup tables.

A file is parsed whole by ``parity.money`` first; only when every line is good is anything
written, in one transaction. A rate for a currency and period already stored is replaced
(a re-import updates), never duplicated.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from parity.commitments.models import Deflator, ExchangeRate
from parity.iati import codelists
from parity.money import (
    DeflatorRow,
    DeflatorTable,
    RatePeriod,
    RateRow,
    RateTable,
    parse_deflators_csv,
    parse_rates_csv,
)
from parity.money.csvfile import TextSource

# The database keeps ten decimal places of a rate; more would be rounded silently.
RATE_PLACES = 10


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def known_currencies() -> frozenset[str]:
    """The currencies of the IATI Currency codelist, the list every activity is checked with."""
    return frozenset(codelists.codes("Currency"))


def read_rates_file(source_file: TextSource, *, source: str = "") -> list[RateRow]:
    """Every rate in the file, or ``RatesFileError`` listing each problem with its line."""
    return parse_rates_csv(source_file, known_currencies=known_currencies(), source=source)


def read_deflators_file(source_file: TextSource, *, source: str = "") -> list[DeflatorRow]:
    return parse_deflators_csv(source_file, known_currencies=known_currencies(), source=source)


def too_precise(rows: list[RateRow]) -> list[str]:
    """Rates with more decimals than the database keeps, named by currency and period."""
    return [
        f"{row.currency} {row.period}: rate {row.units_per_usd} has more than "
        f"{RATE_PLACES} decimal places"
        for row in rows
        if -row.units_per_usd.normalize().as_tuple().exponent > RATE_PLACES  # type: ignore[operator]
    ]


@transaction.atomic
def rates_import(rows: list[RateRow]) -> ImportCounts:
    """Store parsed rates: new periods are created, known ones get the new rate and source."""
    problems = too_precise(rows)
    if problems:
        raise ValueError("; ".join(problems))
    now = timezone.now()
    existing = {
        (rate.currency, RatePeriod(rate.year, rate.month, rate.day)): rate
        for rate in ExchangeRate.objects.filter(currency__in={row.currency for row in rows})
    }
    new, changed = [], []
    for row in rows:
        known = existing.get((row.currency, row.period))
        if known is None:
            new.append(
                ExchangeRate(
                    currency=row.currency,
                    year=row.period.year,
                    month=row.period.month,
                    day=row.period.day,
                    units_per_usd=row.units_per_usd,
                    source=row.source,
                )
            )
        else:
            known.units_per_usd = row.units_per_usd
            known.source = row.source
            known.imported_at = now
            changed.append(known)
    ExchangeRate.objects.bulk_create(new, batch_size=1000)
    # bulk_update() leaves auto_now fields alone; imported_at is written by hand because the
    # pledge-progress fingerprint reads it (see parity.commitments.stored_progress).
    ExchangeRate.objects.bulk_update(
        changed, ["units_per_usd", "source", "imported_at"], batch_size=1000
    )
    return ImportCounts(created=len(new), updated=len(changed))


@transaction.atomic
def deflators_import(rows: list[DeflatorRow]) -> ImportCounts:
    """Store parsed deflators; a key and year already stored is replaced."""
    existing = {
        (d.key, d.year): d for d in Deflator.objects.filter(key__in={row.key for row in rows})
    }
    new, changed = [], []
    fields = ["index", "base_year", "currency", "source"]
    now = timezone.now()
    for row in rows:
        known = existing.get((row.key, row.year))
        values = {name: getattr(row, name) for name in fields}
        if known is None:
            new.append(Deflator(key=row.key, year=row.year, **values))
        else:
            for name, value in values.items():
                setattr(known, name, value)
            known.imported_at = now  # as for rates: bulk_update() skips auto_now
            changed.append(known)
    Deflator.objects.bulk_create(new, batch_size=1000)
    Deflator.objects.bulk_update(changed, [*fields, "imported_at"], batch_size=1000)
    # A series must keep one base year and currency; checking after the write lets the
    # transaction undo everything when a re-import mixes bases with what was stored.
    DeflatorTable(deflator_rows())
    return ImportCounts(created=len(new), updated=len(changed))


def rate_rows(currencies: Collection[str] | None = None) -> list[RateRow]:
    """Every stored rate, or only those of ``currencies``."""
    rates = ExchangeRate.objects.all()
    if currencies is not None:
        rates = rates.filter(currency__in=list(currencies))
    return [
        RateRow(
            currency,
            RatePeriod(year, month, day),
            Decimal(rate).normalize(),
            source,
        )
        for currency, year, month, day, rate, source in rates.values_list(
            "currency", "year", "month", "day", "units_per_usd", "source"
        ).iterator()
    ]


def rate_table(currencies: Collection[str] | None = None) -> RateTable:
    """The stored rates, for ``parity.progress``: every one, or those of ``currencies`` (a
    page of evidence converts from a few currencies only; every conversion goes through USD,
    so no other currency's rate is ever looked up)."""
    return CachedRateTable(rate_rows(currencies))


def deflator_rows() -> list[DeflatorRow]:
    return [
        DeflatorRow(key, year, Decimal(index), base_year, currency, source)
        for key, year, index, base_year, currency, source in Deflator.objects.values_list(
            "key", "year", "index", "base_year", "currency", "source"
        ).iterator()
    ]


def deflator_table() -> DeflatorTable:
    return DeflatorTable(deflator_rows())


class CachedRateTable(RateTable):
    """A ``RateTable`` that remembers each lookup: a pledge converts thousands of
    transactions on a few hundred distinct dates. Same answers, looked up once."""

    def __init__(self, rows: list[RateRow]) -> None:
        super().__init__(rows)
        self._found: dict[tuple[str, date], RateRow | None] = {}

    def rate(self, currency: str, on: date) -> RateRow | None:
        key = (currency, on)
        if key in self._found:
            return self._found[key]
        found = self._found[key] = super().rate(currency, on)
        return found
