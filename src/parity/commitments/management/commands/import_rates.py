"""`parity import-rates FILE.csv`: load an exchange-rate table, whole or not at all."""

from __future__ import annotations

from parity.commitments.management.table_file import TableFileCommand
from parity.commitments.rates import rates_import, read_rates_file
from parity.money import RatesFileError


class Command(TableFileCommand):
    help = (
        "Load exchange rates (units of each currency per US dollar) from a CSV file. "
        "Nothing is loaded unless every line is good; see docs/pledges.md for the columns."
    )
    what = "exchange rates"
    read_file = staticmethod(read_rates_file)
    load_rows = staticmethod(rates_import)
    file_errors = (RatesFileError,)
