"""Money, currencies, exchange rates and deflators. Pure Python: no Django here."""

from parity.money.csvfile import Problem, TableFileError
from parity.money.currencies import Currency, currency_list, load_currencies
from parity.money.deflators import (
    Deflation,
    DeflatorRow,
    DeflatorsFileError,
    DeflatorTable,
    parse_deflators_csv,
)
from parity.money.money import CurrencyMismatchError, Money
from parity.money.rates import (
    USD,
    Basis,
    Conversion,
    MissingRateError,
    RatePeriod,
    RateRow,
    RateTable,
)
from parity.money.rates_csv import RatesFileError, parse_period, parse_rates_csv

__all__ = [
    "USD",
    "Basis",
    "Conversion",
    "Currency",
    "CurrencyMismatchError",
    "Deflation",
    "DeflatorRow",
    "DeflatorTable",
    "DeflatorsFileError",
    "MissingRateError",
    "Money",
    "Problem",
    "RatePeriod",
    "RateRow",
    "RateTable",
    "RatesFileError",
    "TableFileError",
    "currency_list",
    "load_currencies",
    "parse_deflators_csv",
    "parse_period",
    "parse_rates_csv",
]
