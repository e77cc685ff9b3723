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

from parity.activities.signals import figures_outdated
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
from parity.money.csvfile import TextSource, decimal_places
from parity.money.rates import RATE_PLACES
from parity.money.reference_rates import reference_rates


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
    """Rates with more decimals than the database keeps (it would round them silently), named
    by currency and period. A file's rows were checked line by line already; this guards
    rows built in code."""
    return [
        f"{row.currency} {row.period}: rate {row.units_per_usd} has more than "
        f"{RATE_PLACES} decimal places"
        for row in rows
        if decimal_places(row.units_per_usd) > RATE_PLACES
    ]


@transaction.atomic
def rates_import(rows: list[RateRow]) -> ImportCounts:
    """Store parsed rates: new periods are created, known ones get the new rate and source."""
    problems = too_precise(rows)
    if problems:
        raise ValueError("; ".join(problems))
    now = timezone.now()
    # Only the keys of the stored rates are read, not their values: a re-import is how a
    # value that cannot be read back (see ``RateQuerySet.usable``) is mended.
    stored = ExchangeRate.objects.filter(currency__in={row.currency for row in rows})
    existing = {
        (currency, RatePeriod(year, month, day)): pk
        for pk, currency, year, month, day in stored.values_list(
            "pk", "currency", "year", "month", "day"
        )
    }
    new, changed = [], []
    for row in rows:
        rate = ExchangeRate(
            pk=existing.get((row.currency, row.period)),
            currency=row.currency,
            year=row.period.year,
            month=row.period.month,
            day=row.period.day,
            units_per_usd=row.units_per_usd,
            source=row.source,
            imported_at=now,
        )
        (new if rate.pk is None else changed).append(rate)
    ExchangeRate.objects.bulk_create(new, batch_size=1000)
    # bulk_update() leaves auto_now fields alone; imported_at is written by hand because the
    # pledge-progress fingerprint reads it (see parity.commitments.stored_progress).
    ExchangeRate.objects.bulk_update(
        changed, ["units_per_usd", "source", "imported_at"], batch_size=1000
    )
    figures_outdated.send(sender=ExchangeRate, reason="exchange rates")
    return ImportCounts(created=len(new), updated=len(changed))


@transaction.atomic
def deflators_import(rows: list[DeflatorRow]) -> ImportCounts:
    """Store parsed deflators; a key and year already stored is replaced."""
    stored = Deflator.objects.filter(key__in={row.key for row in rows})
    existing = {(key, year): pk for pk, key, year in stored.values_list("pk", "key", "year")}
    new, changed = [], []
    fields = ["index", "base_year", "currency", "source"]
    now = timezone.now()  # as for rates: bulk_update() skips auto_now
    for row in rows:
        values = {name: getattr(row, name) for name in fields}
        pk = existing.get((row.key, row.year))
        deflator = Deflator(pk=pk, key=row.key, year=row.year, imported_at=now, **values)
        (new if pk is None else changed).append(deflator)
    Deflator.objects.bulk_create(new, batch_size=1000)
    Deflator.objects.bulk_update(changed, [*fields, "imported_at"], batch_size=1000)
    # A series must keep one base year and currency; checking after the write lets the
    # transaction undo everything when a re-import mixes bases with what was stored.
    DeflatorTable(deflator_rows())
    figures_outdated.send(sender=Deflator, reason="deflators")
    return ImportCounts(created=len(new), updated=len(changed))


def rate_rows(currencies: Collection[str] | None = None) -> list[RateRow]:
    """Every stored rate, or only those of ``currencies``."""
    rates = ExchangeRate.objects.usable()
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
        for key, year, index, base_year, currency, source in Deflator.objects.usable()
        .values_list("key", "year", "index", "base_year", "currency", "source")
        .iterator()
    ]


def deflator_table() -> DeflatorTable:
    return DeflatorTable(deflator_rows())


class CachedRateTable(RateTable):
    """A ``RateTable`` that remembers each lookup: a pledge converts thousands of
    transactions on a few hundred distinct dates. Same answers, looked up once.

    A rate the user loaded comes first; without one, the ECB reference rates Parity ships
    (``parity.money.reference_rates``) answer, and the conversion names them as its source."""

    def __init__(self, rows: list[RateRow]) -> None:
        super().__init__(rows)
        self._found: dict[tuple[str, date], RateRow | None] = {}

    def rate(self, currency: str, on: date) -> RateRow | None:
        key = (currency, on)
        if key in self._found:
            return self._found[key]
        found = super().rate(currency, on) or reference_rates().rate(currency, on)
        self._found[key] = found
        return found
