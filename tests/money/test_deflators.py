from decimal import Decimal

import pytest

from parity.money import (
    DeflatorRow,
    DeflatorsFileError,
    DeflatorTable,
    Money,
    load_currencies,
    parse_deflators_csv,
)

CSV = """key,year,index,base_year,currency,source
701,2016,80,2022,USD,OECD DAC deflators
701,2018,90,2022,USD,OECD DAC deflators
701,2022,100,2022,USD,OECD DAC deflators
"""
TABLE = DeflatorTable(parse_deflators_csv(CSV, known_currencies=load_currencies()))


def usd(amount):
    return Money(Decimal(amount), "USD")


@pytest.mark.parametrize(
    ("year", "base_year", "expected"),
    [
        (2018, 2022, Decimal(1000)),  # 900 * 100 / 90
        (2016, 2022, Decimal(1125)),  # 900 * 100 / 80
        (2016, 2018, Decimal("1012.5")),  # rebased: 900 * 90 / 80
        (2022, 2022, Decimal(900)),
    ],
)
def test_it_converts_current_to_constant_prices(year, base_year, expected):
    deflation = TABLE.to_constant(usd(900), key="701", year=year, base_year=base_year)
    assert deflation.amount == expected
    assert deflation.source == "OECD DAC deflators"


def test_the_series_base_year_is_100_without_its_own_row():
    table = DeflatorTable([DeflatorRow("701", 2018, Decimal(90), 2022, "USD", "s")])
    assert table.to_constant(usd(90), key="701", year=2018, base_year=2022).amount == 100


@pytest.mark.parametrize(
    ("money", "key", "year", "base_year", "reason"),
    [
        (usd(1), "742", 2018, 2022, "no deflators for 742"),
        (usd(1), "701", 2017, 2022, "no deflator for 701 in 2017"),
        (usd(1), "701", 2018, 2020, "no deflator for 701 in 2020 to rebase to"),
        (Money(Decimal(1), "JPY"), "701", 2018, 2022, "apply to USD, not JPY"),
    ],
)
def test_a_missing_deflator_is_reported_never_zero(money, key, year, base_year, reason):
    deflation = TABLE.to_constant(money, key=key, year=year, base_year=base_year)
    assert deflation.amount is None
    assert not deflation.converted
    assert reason in deflation.reason


def test_the_table_refuses_duplicates_and_mixed_bases():
    row = DeflatorRow("701", 2018, Decimal(90), 2022, "USD", "s")
    with pytest.raises(ValueError, match="two deflators"):
        DeflatorTable([row, row])
    with pytest.raises(ValueError, match="mix base years"):
        DeflatorTable([row, DeflatorRow("701", 2019, Decimal(95), 2021, "USD", "s")])


def test_the_file_reader_lists_every_problem():
    text = (
        "donor,year,deflator,base_year,currency\n"
        "701,2018,90,2022,USD\n"
        "701,18,90,2022,USD\n"
        "701,2019,0,2022,ZZZ\n"
        "701,2018,91,2022,USD\n"
        "701,2020,95,2021,USD\n"
        ",2020,95,2021,USD\n"
    )
    with pytest.raises(DeflatorsFileError) as caught:
        parse_deflators_csv(text, known_currencies=load_currencies(), source="OECD")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "year '18' is not a year (YYYY)"),
        (4, "index '0' must be a positive number"),
        (4, "unknown currency 'ZZZ'"),
        (5, "second deflator for 701 2018 (first on line 2)"),
        (6, "701: base year 2021 in USD differs from 2022 in USD on line 2"),
        (7, "no key (donor or currency)"),
    ]
