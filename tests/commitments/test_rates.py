from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from parity.commitments.models import Deflator, ExchangeRate
from parity.commitments.rates import rate_rows, rate_table
from parity.money import RatePeriod, load_currencies, parse_rates_csv

from .conftest import rates_csv

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, name: str = "rates.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_it_imports_a_rates_file(rates_file: Path, capsys) -> None:
    call_command("import_rates", str(rates_file))
    assert ExchangeRate.objects.count() == 15 * 3 + 2
    assert "47 new, 0 updated" in capsys.readouterr().out


def test_it_builds_the_same_table_as_the_file(rates_file: Path) -> None:
    call_command("import_rates", str(rates_file))
    expected = parse_rates_csv(rates_csv(), known_currencies=load_currencies())
    assert set(rate_rows()) == set(expected)
    assert len(rate_table()) == len(expected)


def test_it_updates_rates_on_reimport(tmp_path: Path, capsys) -> None:
    call_command(
        "import_rates", str(write(tmp_path, "currency,period,rate\nJPY,2018,110\n")), source="IMF"
    )
    call_command(
        "import_rates",
        str(write(tmp_path, "currency,period,rate\nJPY,2018,111.5\n")),
        source="OECD",
    )
    rate = ExchangeRate.objects.get()
    assert (rate.units_per_usd, rate.source) == (Decimal("111.5"), "OECD")
    assert "0 new, 1 updated" in capsys.readouterr().out


def test_it_keeps_year_month_and_day_rates_apart(tmp_path: Path) -> None:
    text = (
        "currency,period,rate,source\nEUR,2018,0.85,A\nEUR,2018-03,0.81,A\nEUR,2018-03-05,0.8,A\n"
    )
    call_command("import_rates", str(write(tmp_path, text)))
    call_command("import_rates", str(write(tmp_path, text)))
    assert ExchangeRate.objects.count() == 3
    assert rate_table().rate("EUR", date(2018, 3, 5)).period == (RatePeriod(2018, 3, 5))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("XXX,2018,1.5,S", "line 3"),
        ("EUR,2018,-1,S", "must be positive"),
        ("EUR,2018,0,S", "must be positive"),
        ("EUR,18-3,0.9,S", "unreadable date"),
        ("JPY,2017,110,S", "second rate for JPY 2017"),
    ],
)
def test_it_refuses_a_bad_file_and_loads_nothing(tmp_path: Path, line: str, problem: str) -> None:
    text = f"currency,period,rate,source\nJPY,2017,112,S\n{line}\nGBP,2017,0.77,S\n"
    with pytest.raises(CommandError) as caught:
        call_command("import_rates", str(write(tmp_path, text)))
    assert problem in str(caught.value)
    assert "line 3" in str(caught.value)
    assert ExchangeRate.objects.count() == 0


def test_it_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    text = "currency,period,rate,source\nXXX,2018,1,S\nEUR,2018,0,S\nEUR,never,1,S\n"
    with pytest.raises(CommandError) as caught:
        call_command("import_rates", str(write(tmp_path, text)))
    message = str(caught.value)
    assert all(f"line {n}" in message for n in (2, 3, 4))


def test_it_exits_non_zero_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parity.cli import main

    # A command run from the command line closes every connection when it ends; here that
    # would close the test's own transaction on PostgreSQL.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as caught:
        main(["import-rates", str(write(tmp_path, "currency,period,rate\nEUR,2018,0\n"))])
    assert caught.value.code != 0
    assert ExchangeRate.objects.count() == 0


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_rates", str(tmp_path / "absent.csv"))


def test_it_imports_deflators_and_updates_them(tmp_path: Path) -> None:
    text = "key,year,index,base_year,currency,source\n701,2016,98.5,2020,USD,DAC\n"
    call_command("import_deflators", str(write(tmp_path, text)))
    text = text.replace("98.5", "97.25")
    call_command("import_deflators", str(write(tmp_path, text)))
    assert Deflator.objects.get().index == Decimal("97.25")


def test_it_refuses_a_bad_deflator_file(tmp_path: Path) -> None:
    text = "key,year,index,base_year,currency,source\n701,2016,-2,2020,USD,DAC\n"
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_deflators", str(write(tmp_path, text)))
    assert Deflator.objects.count() == 0
