"""The OECD headline from real CRS files: `parity figures --json` against pandas.

pandas reads each file on its own and computes the share of DAC members' bilateral allocable
ODA that is gender equality focused (principal, significant, screened), by year and as two-year
averages, on the basis the file holds; the command must print the same numbers.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command

from parity.crs import codes

pytestmark = pytest.mark.django_db
ALLOCABLE = ("A02", "B01", "B03", "B04", "C01", "D01", "D02", "E01")
HOUSING = "crs-housing-hfhi/crs_2014_2023_purpose_codes.csv"
CENT = Decimal("0.01")


def cents(dollars: Decimal) -> Decimal:
    """A row's amount as the database keeps it (1/100 cent), then to the cent as figures add."""
    return dollars.quantize(Decimal("0.0001")).quantize(CENT, ROUND_HALF_EVEN)


def headline(frame: pd.DataFrame) -> dict[str, dict[str, Decimal | None]]:
    """frame: year, donor, category, aid_type, marker (0/1/2/None), amount (Decimal)."""
    dac = {code for code, group in codes.provider_groups().items() if group == "dac"}
    rows = frame[
        (frame["category"] == "10")
        & frame["donor"].isin(dac)
        & frame["aid_type"].str[:3].isin(ALLOCABLE)
    ]
    years: dict[int, dict[str, Fraction]] = {}
    for row in rows.itertuples():
        cell = years.setdefault(int(row.year), dict.fromkeys(("a", "p", "s", "scr"), Fraction(0)))
        amount = Fraction(row.amount)
        cell["a"] += amount
        if row.marker is not None:
            cell["scr"] += amount
        if row.marker == 2:
            cell["p"] += amount
        if row.marker == 1:
            cell["s"] += amount
    span = list(range(min(years), max(years) + 1))
    periods = [(str(y), (y,)) for y in span]
    periods += [(f"{y - 1}-{y} average", (y - 1, y)) for y in span if y - 1 in span]
    expected = {}
    zero = dict.fromkeys(("a", "p", "s", "scr"), Fraction(0))
    for label, members in periods:
        sums = {
            k: sum((years.get(y, zero)[k] for y in members), Fraction(0)) / len(members)
            for k in zero
        }
        expected[label] = {
            "allocable": money(sums["a"]),
            "principal": money(sums["p"]),
            "significant": money(sums["s"]),
            "focused_share": ratio(sums["p"] + sums["s"], sums["a"]),
            "principal_share": ratio(sums["p"], sums["a"]),
            "significant_share": ratio(sums["s"], sums["a"]),
            "screened_share": ratio(sums["scr"], sums["a"]),
        }
    return expected


def money(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.quantize(CENT, ROUND_HALF_EVEN), "f")


def ratio(part: Fraction, whole: Fraction) -> str | None:
    if whole == 0:
        return None
    value = part / whole
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.quantize(Decimal("0.0001"), ROUND_HALF_EVEN), "f")


def printed(*options: str) -> dict:
    out = StringIO()
    call_command("figures", "--json", *options, stdout=out)
    return json.loads(out.getvalue())


def shown(data: dict) -> dict[str, dict[str, str | None]]:
    keys = ("allocable", "principal", "significant", "focused_share")
    keys += ("principal_share", "significant_share", "screened_share")
    return {
        row["period"]: {k: row[k] for k in keys} for row in data["figures"]["focused-share"]["rows"]
    }


def load(path) -> None:
    call_command("import_crs", str(path), stdout=StringIO())
    call_command("refresh_figures", stdout=StringIO())


def test_the_housing_extract_disbursements_at_constant_2022_prices(shared_dir) -> None:
    path = shared_dir / "data" / HOUSING
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.DataFrame(
        {
            "year": raw["year"],
            "donor": raw["donor_code"],
            "category": raw["category_code"],
            "aid_type": raw["flow_code"],
            # blank = not screened, kept apart from 0 (object dtype: None, not NaN)
            "marker": pd.Series(
                [int(v) if v else None for v in raw["gender_equality"]], dtype=object
            ),
            "amount": [
                cents(Decimal(v).scaleb(int(m)))
                for v, m in zip(raw["value"], raw["unit_multiplier"], strict=True)
            ],
        }
    )
    load(path)
    data = printed("--basis", "disbursements", "--prices", "constant")
    assert data["basis"]["base_year"] == 2022
    assert data["basis"]["provider_group"] == "dac"
    assert data["basis"]["flow_type"] == "10"
    assert "constant 2022 prices as the CRS files state them" in data["basis"]["text"]
    assert shown(data) == headline(frame)
    assert any(r["focused_share"] for r in shown(data).values())
