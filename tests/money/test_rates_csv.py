import io
from decimal import Decimal

import pytest

from parity.money import RatePeriod, RateRow, RatesFileError, load_currencies, parse_rates_csv
from parity.money.rates_csv import parse_period

KNOWN = load_currencies()


def parse(text, **kwargs):
    return parse_rates_csv(text, known_currencies=KNOWN, **kwargs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "currency,period,units_per_usd,source\nJPY,2018,110.42,OECD DAC\n",
            RateRow("JPY", RatePeriod(2018), Decimal("110.42"), "OECD DAC"),
            id="parity",
        ),
        pytest.param(
            "currency,date,rate_per_usd,source\njpy,2018-03-05,105.1,BoJ\n",
            RateRow("JPY", RatePeriod(2018, 3, 5), Decimal("105.1"), "BoJ"),
            id="parity-date-alias-lower-case-code",
        ),
        pytest.param(
            "STRUCTURE,REF_AREA,Reference area,CURRENCY,Currency,TIME_PERIOD,OBS_VALUE,source\n"
            'DSD,JPN,Japan,JPY,Yen,2018,110.42,"OECD DAC, 2024"\n',
            RateRow("JPY", RatePeriod(2018), Decimal("110.42"), "OECD DAC, 2024"),
            id="oecd-sdmx-with-labels",
        ),
        pytest.param(
            "Currency,Year,Value,Flags\nEUR,2018,0.847,\n",
            RateRow("EUR", RatePeriod(2018), Decimal("0.847"), "given"),
            id="oecd-stat",
        ),
        pytest.param(
            "currency,TIME_PERIOD,value\nJPY,2018M03,106.2\n",
            RateRow("JPY", RatePeriod(2018, 3), Decimal("106.2"), "given"),
            id="imf-monthly",
        ),
        pytest.param(
            "currency,TIME_PERIOD,value\nJPY,2018-M03,106.2\n",
            RateRow("JPY", RatePeriod(2018, 3), Decimal("106.2"), "given"),
            id="imf-sdmx3-monthly",
        ),
        pytest.param(
            "Date,Rate,Currency,Frequency,Source,Country code,Country\n"
            '2018-03-31,106.2,JPY,M,IMF,JP,"Japan"\n',
            RateRow("JPY", RatePeriod(2018, 3), Decimal("106.2"), "IMF"),
            id="iati-community-imf-extract-monthly",
        ),
        pytest.param(
            "Date,Rate,Currency,Frequency,Source\n2018-12-31,2.87E-08,AOA,A,IMF\n",
            RateRow("AOA", RatePeriod(2018), Decimal("2.87E-08"), "IMF"),
            id="iati-community-imf-extract-annual",
        ),
        pytest.param(
            "\ufeffcurrency,period,rate\r\nUSD,2018,1\r\n",
            RateRow("USD", RatePeriod(2018), Decimal(1), "given"),
            id="bom-and-crlf",
        ),
    ],
)
def test_it_reads_the_accepted_shapes(text, expected):
    assert parse(text, source="given") == [expected]


def test_it_reads_bytes_files_and_paths(tmp_path):
    text = "currency,period,rate,source\nJPY,2018,110,x\n"
    path = tmp_path / "rates.csv"
    path.write_text(text)
    results = [
        parse(text.encode()),
        parse(io.StringIO(text)),
        parse(io.BytesIO(text.encode())),
        parse(path),
    ]
    assert all(result == results[0] for result in results)


def test_it_skips_blank_lines_and_reports_line_numbers_after_them():
    with pytest.raises(RatesFileError) as caught:
        parse("currency,period,rate,source\n\nJPY,2018,110,x\n,,,\nJPY,2019,0,x\n")
    assert [str(p) for p in caught.value.problems] == ["line 5: rate 0 must be positive"]


def test_it_lists_every_problem_and_returns_nothing():
    text = (
        "currency,period,rate,source\n"
        "JPY,2018,110.42,OECD\n"  # fine, but the file is refused as a whole
        "ZZZ,2018,1,OECD\n"
        "JPY,2018/03,1,OECD\n"
        "EUR,2018,-0.8,OECD\n"
        "EUR,2019,0,OECD\n"
        "GBP,2018,abc,OECD\n"
        "GBP,2019,1.5,\n"
        "JPY,2018,111,IMF\n"
        "USD,2018,2,OECD\n"
        'GBP,2020,"1,234",OECD\n'
        "GBP,2021,1,OECD,extra\n"
        "XOF,2018-02-30,580,OECD\n"
        "XOF,2018Q1,580,OECD\n"
    )
    with pytest.raises(RatesFileError) as caught:
        parse(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "unknown currency 'ZZZ'"),
        (4, "unreadable date '2018/03': expected YYYY, YYYY-MM, YYYY-MM-DD or YYYYMmm"),
        (5, "rate -0.8 must be positive"),
        (6, "rate 0 must be positive"),
        (7, "rate 'abc' is not a number"),
        (8, "no source: fill the source column or pass source="),
        (9, "second rate for JPY 2018 (first on line 2)"),
        (10, "USD per USD must be 1, not 2"),
        (11, "rate '1,234' is not a number"),
        (12, "5 fields, the header has 4"),
        (13, "impossible date '2018-02-30': day out of range: 2018-02-30"),
        (14, "unreadable date '2018Q1': expected YYYY, YYYY-MM, YYYY-MM-DD or YYYYMmm"),
    ]
    assert "12 problem(s), nothing was loaded" in str(caught.value)


def test_a_row_with_several_problems_reports_each():
    with pytest.raises(RatesFileError) as caught:
        parse("currency,period,rate\nZZZ,soon,-1\n")
    assert len(caught.value.problems) == 4  # currency, date, rate, source


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("currency,rate\nJPY,1\n", "missing column(s): period (one of: period, date,"),
        ("CURRENCY,Currency,year,rate\nJPY,Yen,2018,1\n", None),
        ("Currency,currency,year,rate\nJPY,Yen,2018,1\n", "are ambiguous: keep one"),
    ],
)
def test_it_reports_header_problems(text, message):
    if message is None:
        assert parse(text, source="s")[0].currency == "JPY"  # the code column wins
        return
    with pytest.raises(RatesFileError) as caught:
        parse(text, source="s")
    assert caught.value.problems[0].line == 1
    assert message in caught.value.problems[0].message


def test_it_only_accepts_the_currencies_it_is_given():
    with pytest.raises(RatesFileError, match="unknown currency 'EUR'"):
        parse_rates_csv("currency,period,rate\nEUR,2018,1\n", known_currencies={"JPY"}, source="s")


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2018", "", RatePeriod(2018)),
        ("2018-03", "", RatePeriod(2018, 3)),
        ("2018-03-31", "", RatePeriod(2018, 3, 31)),
        ("2018M03", "", RatePeriod(2018, 3)),
        ("2018-M03", "", RatePeriod(2018, 3)),
        ("2018-03-31", "M", RatePeriod(2018, 3)),
        ("2018-03-31", "monthly", RatePeriod(2018, 3)),
        ("2018-12-31", "A", RatePeriod(2018)),
        ("2018-03-31", "D", RatePeriod(2018, 3, 31)),
    ],
)
def test_it_reads_periods(text, frequency, expected):
    assert parse_period(text, frequency) == expected


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("201803", "", "unreadable"),
        ("2018-M03-01", "", "unreadable"),
        ("18-03", "", "unreadable"),
        ("2018-00", "", "impossible"),
        ("2018", "M", "needs a more precise date"),
        ("2018-03", "D", "needs a more precise date"),
        ("2018-03", "Q", "unknown frequency"),
    ],
)
def test_it_refuses_unreadable_periods(text, frequency, message):
    with pytest.raises(ValueError, match=message):
        parse_period(text, frequency)
