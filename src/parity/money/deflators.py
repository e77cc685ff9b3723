"""Constant prices: deflating current amounts to the prices of a base year.

A deflator row says: for ``key`` (a DAC donor code such as ``701``, or a currency code), the
price level in ``year`` was ``index`` where ``base_year`` = 100, for amounts in ``currency``.
The OECD DAC deflators are of this kind, keyed by donor and measured in USD: convert to USD at
current prices first, then deflate.

``amount in prices of B = current amount in year Y * index(B) / index(Y)``. Any base year
present in the table works (the index is rebased on the fly), not only the table's own.
A missing deflator gives a ``Deflation`` with ``amount=None`` and a reason, never zero.

CSV columns (matched like the rate files, see ``parity.money.rates_csv``): ``key`` (or
``donor``, ``donor_code``), ``year`` (or ``time_period``, ``time``), ``index`` (or
``deflator``, ``obs_value``, ``value``), ``base_year`` (or ``base``), ``currency``, and an
optional ``source``. Refused, with every problem listed: a missing column, a year that is not
four digits 0-9, an index that is not a positive number in the digits 0-9, an index of 10^12
or more or with more than eight decimal places, a key over 20 characters, an unknown currency,
two rows for one key and year, one key with two base years or two currencies, a row without a
source.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

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
from parity.money.money import Money, check_currency_code


class DeflatorsFileError(TableFileError):
    """A deflator file was refused; see ``problems``."""


# What a deflator index may be, as the database stores it: below 10^12, at most eight
# decimal places. Indices are near 100; only decades of hyperinflation come near the bound.
MAX_INDEX = Decimal("1e12")
INDEX_PLACES = 8
MAX_KEY = 20


@dataclass(frozen=True)
class DeflatorRow:
    key: str
    year: int
    index: Decimal
    base_year: int
    currency: str
    source: str

    def __post_init__(self) -> None:
        check_currency_code(self.currency)
        if not isinstance(self.index, Decimal) or not self.index.is_finite() or self.index <= 0:
            raise ValueError(f"deflator index must be a positive Decimal, got {self.index!r}")
        if self.index >= MAX_INDEX:
            raise ValueError(f"deflator index must be below {MAX_INDEX:,f}, got {self.index}")


@dataclass(frozen=True)
class Deflation:
    """``original`` (current prices of ``year``) in constant prices of ``base_year``."""

    original: Money
    key: str
    year: int
    base_year: int
    amount: Decimal | None
    factor: Decimal | None  # constant = current * factor
    source: str
    reason: str = ""

    @property
    def converted(self) -> bool:
        return self.amount is not None


class DeflatorTable:
    def __init__(self, rows: Iterable[DeflatorRow] = ()) -> None:
        self._rows: dict[tuple[str, int], DeflatorRow] = {}
        self._series: dict[str, DeflatorRow] = {}  # first row of each key: base and currency
        for row in rows:
            if (row.key, row.year) in self._rows:
                raise ValueError(f"two deflators for {row.key} in {row.year}")
            first = self._series.setdefault(row.key, row)
            if (first.base_year, first.currency) != (row.base_year, row.currency):
                # Mixing bases in one series would make index ratios meaningless.
                raise ValueError(f"deflators for {row.key} mix base years or currencies")
            self._rows[(row.key, row.year)] = row

    def to_constant(self, money: Money, *, key: str, year: int, base_year: int) -> Deflation:
        """``money``, in current prices of ``year``, in constant prices of ``base_year``."""

        def missing(reason: str) -> Deflation:
            return Deflation(money, key, year, base_year, None, None, "", reason)

        series = self._series.get(key)
        if series is None:
            return missing(f"no deflators for {key}")
        if series.currency != money.currency:
            return missing(
                f"deflators for {key} apply to {series.currency}, not {money.currency}: "
                "convert first"
            )
        current = self._rows.get((key, year))
        if current is None:
            return missing(f"no deflator for {key} in {year}")
        base = self._rows.get((key, base_year))
        if base is not None:
            base_index = base.index
        elif base_year == series.base_year:
            base_index = Decimal(100)  # the series' own base year is 100 by definition
        else:
            return missing(f"no deflator for {key} in {base_year} to rebase to")
        factor = base_index / current.index
        sources = "; ".join(dict.fromkeys(r.source for r in (current, base) if r is not None))
        # Multiply before dividing so the only rounding is the final division.
        amount = money.amount * base_index / current.index
        return Deflation(money, key, year, base_year, amount, factor, sources)


COLUMNS = {
    "key": ("key", "donor", "donor_code"),
    "year": ("year", "time_period", "time"),
    "index": ("index", "deflator", "obs_value", "value"),
    "base_year": ("base_year", "base"),
    "currency": ("currency",),
    "source": ("source",),
}
REQUIRED = ("key", "year", "index", "base_year", "currency")


def parse_deflators_csv(
    text_or_file: TextSource, *, known_currencies: Collection[str], source: str = ""
) -> list[DeflatorRow]:
    """Every deflator in the file, or ``DeflatorsFileError`` listing every problem in it."""
    problems: list[Problem] = []
    rows: list[DeflatorRow] = []
    first_line: dict[tuple[str, int], int] = {}
    series: dict[str, tuple[int, DeflatorRow]] = {}
    records = read_records(read_text(text_or_file), COLUMNS, REQUIRED, problems)
    for line, record in records:
        row = _row(record, known_currencies, source, line, problems)
        if row is None:
            continue
        if (row.key, row.year) in first_line:
            first = first_line[(row.key, row.year)]
            problems.append(
                Problem(line, f"second deflator for {row.key} {row.year} (first on line {first})")
            )
            continue
        first_of_key, seen = series.setdefault(row.key, (line, row))
        if (seen.base_year, seen.currency) != (row.base_year, row.currency):
            problems.append(
                Problem(
                    line,
                    f"{row.key}: base year {row.base_year} in {row.currency} differs from "
                    f"{seen.base_year} in {seen.currency} on line {first_of_key}",
                )
            )
            continue
        first_line[(row.key, row.year)] = line
        rows.append(row)
    if problems:
        raise DeflatorsFileError("deflator file refused", problems)
    return rows


def _row(
    record: dict[str, str],
    known_currencies: Collection[str],
    default_source: str,
    line: int,
    problems: list[Problem],
) -> DeflatorRow | None:
    found_before = len(problems)
    years = {}
    for field in ("year", "base_year"):
        text = record[field]
        # isascii(): isdigit() is also true of other scripts' digits and of superscripts.
        if len(text) == 4 and text.isascii() and text.isdigit():
            years[field] = int(text)
        else:
            problems.append(Problem(line, f"{field} {text!r} is not a year (YYYY)"))
    index = parse_decimal(record["index"])
    if index is None:
        problems.append(Problem(line, not_a_number("index", record["index"], "a positive number")))
    elif index <= 0:
        problems.append(Problem(line, f"index {record['index']!r} must be a positive number"))
    elif wrong := out_of_bounds(index, below=MAX_INDEX, places=INDEX_PLACES):
        problems.append(Problem(line, f"index {record['index']} {wrong}"))
    currency = known_currency(record["currency"], known_currencies, line, problems)
    if not record["key"]:
        problems.append(Problem(line, "no key (donor or currency)"))
    elif len(record["key"]) > MAX_KEY:
        problems.append(Problem(line, f"the key is longer than {MAX_KEY} characters"))
    source = row_source(record, default_source, line, problems)
    if len(problems) > found_before:
        return None
    assert index is not None  # no problem was found
    return DeflatorRow(record["key"], years["year"], index, years["base_year"], currency, source)
