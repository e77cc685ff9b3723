"""Rate and deflator files written to break the reader: every one is refused with its line named.

A refusal is a ``TableFileError`` (the command shows it and loads nothing), never another
exception that would surface as a traceback.
"""

from decimal import Decimal

import pytest

from parity.money import (
    DeflatorRow,
    DeflatorsFileError,
    RatePeriod,
    RateRow,
    RatesFileError,
    load_currencies,
    parse_deflators_csv,
    parse_rates_csv,
)

KNOWN = load_currencies()
RATES = "currency,period,rate,source\nEUR,2017,0.88,S\n{}\nGBP,2017,0.77,S\n"
DEFLATORS = "key,year,index,base_year,currency,source\nJP,2017,99,2018,JPY,S\n{}\n"
MEGABYTES_2 = 2 * 1024 * 1024
ARABIC_110, ARABIC_100 = "\u0661\u0661\u0660", "\u0661\u0660\u0660"  # Arabic-Indic digits
ARABIC_2018 = "\u0662\u0660\u0661\u0668"
FULLWIDTH_110 = "\uff11\uff11\uff10"
SUPERSCRIPT_2012 = "201\u00b2"  # str.isdigit() is true of it, int() refuses it


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("JPY,2018,1e400,S", "must be below", id="1e400"),
        pytest.param("JPY,2018,Infinity,S", "not a number", id="infinity"),
        pytest.param("JPY,2018,NaN,S", "not a number", id="nan"),
        pytest.param(f"JPY,2018,{'9' * 50},S", "must be below", id="50-digits"),
        pytest.param(f"JPY,2018,0.{'0' * 48}1,S", "decimal places", id="50-decimals"),
        pytest.param("JPY,2018,1e-400,S", "decimal places", id="1e-400"),
        pytest.param(f"JPY,2018,{ARABIC_110},S", "digits 0-9", id="arabic-indic-rate"),
        pytest.param(f"JPY,{ARABIC_2018},110,S", "unreadable date", id="arabic-indic-period"),
        pytest.param(f"JPY,{SUPERSCRIPT_2012},110,S", "unreadable date", id="superscript-period"),
        pytest.param(f"JPY,2018,{FULLWIDTH_110},S", "digits 0-9", id="fullwidth-rate"),
        pytest.param(f"JPY,2018,{'1' * MEGABYTES_2},S", "characters", id="2MB-rate"),
        pytest.param(f"JPY,2018,110,{'x' * MEGABYTES_2}", "characters", id="2MB-source"),
        pytest.param(f"JPY,2018,110,{'x' * 301}", "source", id="long-source"),
        pytest.param(f'JPY,2018,110,"{"x" * MEGABYTES_2}', "characters", id="2MB-open-quote"),
    ],
)
def test_a_hostile_rate_is_refused_with_its_line(line, message):
    with pytest.raises(RatesFileError) as caught:
        parse_rates_csv(RATES.format(line), known_currencies=KNOWN)
    problems = [p for p in caught.value.problems if p.line == 3]
    assert problems and message in problems[0].message, caught.value.problems
    assert len(str(caught.value)) < 2000  # the message never repeats a huge field


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("JP,2018,1e400,2018,JPY,S", "must be below", id="1e400"),
        pytest.param("JP,2018,Infinity,2018,JPY,S", "positive number", id="infinity"),
        pytest.param(f"JP,2018,{'9' * 50},2018,JPY,S", "must be below", id="50-digits"),
        pytest.param(f"JP,2018,0.{'0' * 48}1,2018,JPY,S", "decimal places", id="50-decimals"),
        pytest.param(f"JP,2018,{ARABIC_100},2018,JPY,S", "digits 0-9", id="arabic-indic-index"),
        pytest.param(f"JP,{ARABIC_2018},100,2018,JPY,S", "not a year", id="arabic-indic-year"),
        pytest.param(f"JP,{SUPERSCRIPT_2012},100,2018,JPY,S", "not a year", id="superscript-year"),
        pytest.param(f"{'K' * MEGABYTES_2},2018,100,2018,JPY,S", "characters", id="2MB-key"),
        pytest.param(f"{'K' * 21},2018,100,2018,JPY,S", "key", id="long-key"),
    ],
)
def test_a_hostile_deflator_is_refused_with_its_line(line, message):
    with pytest.raises(DeflatorsFileError) as caught:
        parse_deflators_csv(DEFLATORS.format(line), known_currencies=KNOWN)
    problems = [p for p in caught.value.problems if p.line == 3]
    assert problems and message in problems[0].message, caught.value.problems
    assert len(str(caught.value)) < 2000


def test_the_largest_and_most_precise_sane_values_are_still_read():
    rates = parse_rates_csv(
        "currency,period,rate,source\nIRR,2018,99999999999999.9999999999,S\n"
        "KWD,2018,0.0000000001,S\n",
        known_currencies=KNOWN,
    )
    assert [r.units_per_usd for r in rates] == [
        Decimal("99999999999999.9999999999"),
        Decimal("0.0000000001"),
    ]
    deflators = parse_deflators_csv(
        "key,year,index,base_year,currency,source\nZW,2008,99999999999.99999999,2018,USD,S\n",
        known_currencies=KNOWN,
    )
    assert deflators[0].index == Decimal("99999999999.99999999")


@pytest.mark.parametrize("value", ["1e400", "Infinity", "NaN", "0", "-1", "1e15"])
def test_a_rate_row_is_always_finite_and_sane(value):
    with pytest.raises(ValueError):
        RateRow("JPY", RatePeriod(2018), Decimal(value), "S")


@pytest.mark.parametrize("value", ["1e400", "Infinity", "NaN", "0", "1e12"])
def test_a_deflator_row_is_always_finite_and_sane(value):
    with pytest.raises(ValueError):
        DeflatorRow("JP", 2018, Decimal(value), 2018, "JPY", "S")
