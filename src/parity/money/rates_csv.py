"""Reading exchange-rate tables from CSV.

Every accepted shape must give rates in **units of the currency per 1 USD** (see
``parity.money.rates``), which is how the OECD DAC, the IMF and the IATI community's IMF extract
publish them. A file in USD per unit would be read without complaint and give wrong figures,
so check the direction before loading.

Columns are matched by name, case-insensitively, spaces and hyphens read as underscores,
in any order; other columns are ignored. For each field the first name found wins:

==========  ========================================================  ========
field       accepted column names                                     required
==========  ========================================================  ========
currency    ``currency``, ``currency_code``                           yes
period      ``period``, ``date``, ``time_period``, ``time``, ``year``   yes
rate        ``units_per_usd``, ``rate_per_usd``, ``rate``,              yes
            ``obs_value``, ``value``
frequency   ``frequency``, ``freq``                                   no
source      ``source``                                                no
==========  ========================================================  ========

Periods: ``YYYY`` (annual average), ``YYYY-MM`` (month), ``YYYY-MM-DD`` (day), and the IMF's
``YYYYMmm`` / ``YYYY-Mmm`` (``2018M03``, ``2018-M03``: month). When a frequency column is
present (``A``/``M``/``D`` or ``annual``/``monthly``/``daily``), it decides the period and the
date is read only to that precision: the IATI community's IMF extract writes its monthly rates
as month-end dates (``2018-03-31,110.2,JPY,M,IMF``).

Shapes this covers:

- Parity's own: ``currency,period,units_per_usd,source``, e.g. ``JPY,2018,110.42,OECD DAC``.
- OECD DAC annual exchange rates, as exported from the OECD Data Explorer (SDMX-CSV:
  ``CURRENCY``, ``TIME_PERIOD``, ``OBS_VALUE``) or OECD.Stat (``Currency``, ``Year``,
  ``Value``): one row per currency per year. DAC tables keyed by donor *country* need a
  currency column added first: Parity does not guess a country's currency, because it
  changes (euro-area members switched between 1999 and 2015).
- IMF monthly rates in long form (``currency``, ``TIME_PERIOD`` as ``2018M03``, ``value``)
  and the IATI community extract (``Date,Rate,Currency,Frequency,Source,...``). That extract
  lists a shared currency (XOF, XCD, EUR) once per country; keep one country per currency
  first, or the repeats are refused as duplicates.

Every row needs a source, from its ``source`` column or the ``source=`` argument.

Refused (all problems are listed with line numbers, and nothing is returned): a missing
required column, an unknown currency, an unreadable period, a rate that is not a positive
number in the digits 0-9, a rate of 10^15 or more or with more than ten decimal places, a USD
rate other than 1, two rows for the same currency and period, a row without a source or with
one over 300 characters, a field over 1,000 characters, a line the CSV reader cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from parity.money.csvfile import (
    Problem,
    TableFileError,
    TextSource,
    known_currency,
    not_a_number,
    out_of_bounds,
    parse_decimal,
    read_records,
    read_text,
    row_source,
)
from parity.money.rates import MAX_RATE, RATE_PLACES, USD, RatePeriod, RateRow


class RatesFileError(TableFileError):
    """An exchange-rate file was refused; see ``problems``."""


COLUMNS = {
    "currency": ("currency", "currency_code"),
    "period": ("period", "date", "time_period", "time", "year"),
    "rate": ("units_per_usd", "rate_per_usd", "rate", "obs_value", "value"),
    "frequency": ("frequency", "freq"),
    "source": ("source",),
}
REQUIRED = ("currency", "period", "rate")

_PERIOD = re.compile(
    r"(?P<year>\d{4})"
    r"(?:(?:-|-?M)(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?",
    re.ASCII,  # the digits 0-9 only: int() would read those of every script
)
_FREQUENCIES = {"a": "year", "annual": "year", "m": "month", "monthly": "month"}
_FREQUENCIES |= {"d": "day", "daily": "day"}


def parse_period(text: str, frequency: str = "") -> RatePeriod:
    """Read a period; ``frequency`` (A, M or D), when given, sets its precision."""
    match = _PERIOD.fullmatch(text)
    if match is None or (match["day"] and "M" in text):
        raise ValueError(f"unreadable date {text!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or YYYYMmm")
    year, month, day = (int(match[g]) if match[g] else None for g in ("year", "month", "day"))
    assert year is not None  # the pattern requires it
    try:
        period = RatePeriod(year, month, day)
    except ValueError as error:
        raise ValueError(f"impossible date {text!r}: {error}") from None
    if not frequency:
        return period
    precision = _FREQUENCIES.get(frequency.lower())
    if precision is None:
        raise ValueError(f"unknown frequency {frequency!r}: expected A, M or D")
    if precision == "year":
        return RatePeriod(year)
    if month is None or (precision == "day" and day is None):
        raise ValueError(f"frequency {frequency} needs a more precise date than {text!r}")
    return RatePeriod(year, month, day if precision == "day" else None)


def parse_rates_csv(
    text_or_file: TextSource, *, known_currencies: Collection[str], source: str = ""
) -> list[RateRow]:
    """Every rate in the file, or ``RatesFileError`` listing every problem in it.

    ``known_currencies``: the ISO 4217 codes to accept (the IATI Currency codelist on the
    Django side; ``parity.money.load_currencies()`` otherwise). ``source`` fills rows whose
    source column is blank or absent.
    """
    problems: list[Problem] = []
    rows: list[RateRow] = []
    first_line: dict[tuple[str, RatePeriod], int] = {}
    records = read_records(read_text(text_or_file), COLUMNS, REQUIRED, problems)
    for line, record in records:
        row = _row(record, known_currencies, source, line, problems)
        if row is None:
            continue
        key = (row.currency, row.period)
        if key in first_line:
            problems.append(
                Problem(
                    line,
                    f"second rate for {row.currency} {row.period} (first on line "
                    f"{first_line[key]})",
                )
            )
            continue
        first_line[key] = line
        rows.append(row)
    if problems:
        raise RatesFileError("exchange-rate file refused", problems)
    return rows


def _row(
    record: dict[str, str],
    known_currencies: Collection[str],
    default_source: str,
    line: int,
    problems: list[Problem],
) -> RateRow | None:
    """One row, or None after reporting each of its problems (not only the first)."""
    found_before = len(problems)
    currency = known_currency(record["currency"], known_currencies, line, problems)
    period = None
    try:
        period = parse_period(record["period"], record.get("frequency", ""))
    except ValueError as error:
        problems.append(Problem(line, str(error)))
    rate = parse_decimal(record["rate"])
    if rate is None:
        problems.append(Problem(line, not_a_number("rate", record["rate"])))
    elif rate <= 0:
        problems.append(Problem(line, f"rate {record['rate']} must be positive"))
    elif wrong := out_of_bounds(rate, below=MAX_RATE, places=RATE_PLACES):
        problems.append(Problem(line, f"rate {record['rate']} {wrong}"))
    elif currency == USD and rate != 1:
        problems.append(Problem(line, f"USD per USD must be 1, not {record['rate']}"))
    source = row_source(record, default_source, line, problems)
    if len(problems) > found_before:
        return None
    assert period is not None and rate is not None  # no problem was found
    return RateRow(currency, period, rate, source)
