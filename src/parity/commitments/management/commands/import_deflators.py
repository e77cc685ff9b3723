"""`parity import-deflators FILE.csv`: load a deflator table, whole or not at all."""

from __future__ import annotations

from parity.commitments.management.table_file import TableFileCommand
from parity.commitments.rates import deflators_import, read_deflators_file
from parity.money import DeflatorsFileError


class Command(TableFileCommand):
    help = (
        "Load deflators (price indices, base year = 100) from a CSV file. "
        "Nothing is loaded unless every line is good; see docs/pledges.md for the columns."
    )
    what = "deflators"
    read_file = staticmethod(read_deflators_file)
    load_rows = staticmethod(deflators_import)
    file_errors = (DeflatorsFileError,)
