"""Every real CRS file in shared/data imported, checked against pandas reading the same file.

pandas computes each figure on its own (rows, projects, amounts by year and measure, gender
marker per row); the test compares it with what the database holds after `parity import-crs`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command
from django.db.models import Count

from parity.activities.models import Activity, ImportFile, Transaction

pytestmark = pytest.mark.django_db

HOUSING = "crs-housing-hfhi/crs_2014_2023_purpose_codes.csv"
DI_FILES = {
    "crs-disability-di/disability_aid_analysis/intellectual ODA.csv": "cp1252",
    "crs-disability-di/disability_aid_analysis/output/id.csv": "cp1252",
    "crs-disability-di/inclusion-works/output/crs check negatives.csv": "utf-8",
}
# The DI extracts recode the marker to words (MANIFEST.md); "Partial"/"Major" are DI's 1/2.
LABELS = {
    "No gender component": 0,
    "Significant gender component": 1,
    "Partial gender component": 1,
    "Principal gender component": 2,
    "Major gender component": 2,
    "Not screened": None,
}
MEASURES = {"2": "commitment", "3": "disbursement"}


def import_file(path) -> dict:
    out = StringIO()
    try:
        call_command("import_crs", str(path), "--json", stdout=out)
    except SystemExit as stop:
        assert stop.code == 1  # a refused file: the run is incomplete
    return json.loads(out.getvalue())["files"][0]


def database_sums(column: str) -> dict[tuple[int, str], Decimal]:
    """Summed in Python: SQLite's SUM of decimals goes through floating point."""
    sums: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for year, kind, value in Transaction.objects.values_list("source_year", "type", column):
        sums[(year, MEASURES[kind])] += value
    return dict(sums)


def database_markers() -> dict:
    """Rows (not transactions: a bulk row may give two) by their gender marker."""
    per_row = set(Transaction.objects.values_list("source_line", "gender_marker"))
    return dict(Counter(marker for _, marker in per_row))


def to_dollars(millions: pd.Series) -> pd.Series:
    """USD millions to dollars, kept to 1/100 of a cent as the database's money fields are."""
    return millions.map(lambda text: Decimal(text).scaleb(6).quantize(Decimal("0.0001")))


def test_housing_extract_data_explorer_layout(shared_dir):
    path = shared_dir / "data" / HOUSING
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    summary = import_file(path)
    assert summary["status"] == "imported"
    assert summary["format"].startswith("OECD Data Explorer CSV")
    assert (summary["created"], summary["rejected"]) == (len(frame), [])
    assert Activity.objects.filter(source="crs").count() == len(
        frame.groupby(["donor_code", "crs_id"])
    )
    # every row is a disbursement at constant 2022 prices, in USD millions (unit_multiplier 6)
    frame["dollars"] = frame["value"].map(Decimal) * frame["unit_multiplier"].map(
        lambda power: Decimal(10) ** int(power)
    )
    expected = frame.groupby("year")["dollars"].sum()
    assert database_sums("value_constant") == {
        (int(year), "disbursement"): total for year, total in expected.items()
    }
    assert set(Transaction.objects.values_list("value_prices", "constant_base_year")) == {
        ("constant", 2022)
    }
    assert database_markers() == dict(
        Counter(int(v) if v else None for v in frame["gender_equality"])
    )


@pytest.mark.parametrize("relative", list(DI_FILES))
def test_legacy_extracts_in_cp1252_and_utf8(shared_dir, relative):
    path = shared_dir / "data" / relative
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=DI_FILES[relative])
    frame.columns = [c.lower().replace("_", "") for c in frame.columns]
    frame = frame.rename(
        columns={
            "usdcommitmentdeflated": "usdcommitmentdefl",
            "usddisbursementdeflated": "usddisbursementdefl",
        }
    )
    summary = import_file(path)
    assert summary["format"].startswith("CRS bulk file")
    assert DI_FILES[relative] in summary["format"]
    assert (summary["created"], summary["rejected"]) == (len(frame), [])
    # A CRS id a spreadsheet turned into "2.015E+12" no longer names a project: its number does.
    mangled = frame["crsid"].str.contains("E+", regex=False)
    project = frame["crsid"].where(~mangled, "pn:" + frame["projectnumber"])
    assert Activity.objects.count() == len(set(zip(frame["donorname"], project, strict=True)))
    expected = {}
    for measure in ("commitment", "disbursement"):
        column = frame[f"usd{measure}defl"]
        given = frame[column != ""]
        for year, total in (
            to_dollars(given[f"usd{measure}defl"]).groupby(given["year"]).sum().items()
        ):
            expected[(int(year), measure)] = total
    assert database_sums("value_constant") == expected
    # these extracts carry constant prices only: `value` holds them, and says so
    assert set(Transaction.objects.values_list("value_prices", flat=True)) == {"constant"}
    # a row with neither amount gives no transaction, so it has no marker to count
    with_amount = frame[(frame["usdcommitmentdefl"] != "") | (frame["usddisbursementdefl"] != "")]
    assert database_markers() == dict(Counter(LABELS[v] for v in with_amount["gender"]))


def test_all_real_files_together_one_file_per_project_year(shared_dir):
    """Overlapping extracts: the later file replaces the project-years it covers, so no
    project-year is counted from two files."""
    for relative in [HOUSING, *DI_FILES]:
        assert import_file(shared_dir / "data" / relative)["status"] == "imported"
    sources = (
        Transaction.objects.values("activity_id", "source_year")
        .annotate(files=Count("source_file", distinct=True))
        .filter(files__gt=1)
    )
    assert not sources.exists()
    replaced = ImportFile.objects.get(name__endswith="id.csv")
    assert replaced.updated > 900  # id.csv shares 931 CrsID x year with intellectual ODA.csv


def test_the_pledge_text_extract_is_not_a_crs_layout(shared_dir):
    folder = shared_dir / "data/crs-gender-press-paris21/Tmp/XGBoost/Gender permutation results"
    summary = import_file(folder / "pred_all_dcd_info.xlsx")
    assert summary["status"] == "refused"
    assert "exactly one .txt or .csv data file" in summary["error"]
    assert Activity.objects.count() == 0
