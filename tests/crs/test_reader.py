"""The CRS reader on its own (no database): layouts, encodings, and every kind of bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parity.crs.errors import CRSFileError
from parity.crs.model import COMMITMENT, DISBURSEMENT, Rejected, Row
from parity.crs.reader import CRSReader
from tests.crs.files import BULK_HEADER, bulk_row, bulk_text, write


def read(path):
    with CRSReader(path) as reader:
        return reader, list(reader)


@pytest.mark.parametrize(
    ("encoding", "zipped", "expected"),
    [
        ("utf-8", False, "utf-8"),
        ("utf-8-sig", False, "utf-8-sig"),
        ("utf-16", False, "utf-16"),
        ("utf-16-le", False, "utf-16-le"),
        ("cp1252", False, "cp1252"),
        ("utf-8", True, "utf-8"),
        ("cp1252", True, "cp1252"),
    ],
)
def test_bulk_file_in_every_encoding_zipped_or_not(tmp_path, encoding, zipped, expected):
    text = bulk_text([bulk_row(LongDescription="Coopération — niñas, «écoles»")])
    path = write(tmp_path, "CRS 2019 data.txt", text, encoding=encoding, zipped=zipped)
    reader, items = read(path)
    assert reader.layout == "bulk"
    assert reader.encoding == expected
    assert expected in reader.description and "pipe-delimited" in reader.description
    [row] = items
    assert isinstance(row, Row)
    assert row.long_description == "Coopération — niñas, «écoles»"
    assert row.identifier == "crs:12-2019000001"
    assert row.line == 2
    assert row.amounts == (
        # USD millions in the file, dollars in the row; current with its constant twin
        type(row.amounts[0])(COMMITMENT, Decimal("1500000"), Decimal("1600000")),
        type(row.amounts[0])(DISBURSEMENT, Decimal("750000"), Decimal("800000")),
    )
    assert (row.country, row.purpose_code, row.category) == ("KE", "11220", "10")
    assert row.aid_type == "C01"


def test_lower_case_bulk_names_are_the_same_layout(tmp_path):
    header = [name.lower() for name in BULK_HEADER]
    row = {name.lower(): value for name, value in bulk_row().items()}
    reader, [item] = read(write(tmp_path, "crs.txt", bulk_text([row], header=header)))
    assert reader.layout == "bulk"
    assert item.gender == 2 and item.title == "Girls' education in Turkana"


def test_markers_keep_not_screened_apart_from_zero(tmp_path):
    rows = [
        bulk_row(CrsID="1", Gender="", Environment="0"),
        bulk_row(CrsID="2", Gender="0", Environment="1"),
        bulk_row(CrsID="3", Gender="Principal gender component", Environment="Not screened"),
    ]
    _, items = read(write(tmp_path, "crs.txt", bulk_text(rows)))
    assert [dict(item.markers) for item in items] == [
        {"1": None, "2": 0},
        {"1": 0, "2": 1},
        {"1": 2, "2": None},
    ]


def test_explorer_rows_apply_the_unit_multiplier_and_keep_the_base_year(tmp_path):
    header = (
        "donor_code,donor_name,crs_id,project_id,year,sector_code,flow_type_code,amount_type,"
        "base_period,unit_multiplier,value,flow_code,category_code,gender_equality"
    )
    lines = [
        header,
        "5,Germany,2020001,P1,2020,16040,C,Current prices,,3,250,C01,10,1",
        "5,Germany,2020001,P1,2020,16040,D,Constant prices,2022,6,0.5,C01,10,1",
    ]
    reader, items = read(write(tmp_path, "explorer.csv", "\n".join(lines) + "\n"))
    assert reader.layout == "explorer"
    commitment, disbursement = (item.amounts[0] for item in items)
    assert (commitment.measure, commitment.current, commitment.constant) == (
        COMMITMENT,
        Decimal("250000"),
        None,
    )
    assert (disbursement.current, disbursement.constant, disbursement.base_year) == (
        None,
        Decimal("500000"),
        2022,
    )


def test_unknown_layout_is_refused_naming_the_missing_columns(tmp_path):
    path = write(tmp_path, "other.csv", "Year,DonorName,Amount\n2019,Germany,3\n")
    with pytest.raises(CRSFileError) as caught:
        CRSReader(path)
    message = str(caught.value)
    assert message.startswith("other.csv, line 1: not a CRS layout")
    for column in ("crsid", "purposecode", "usdcommitment", "flowtypecode", "value"):
        assert column in message


BAD_ROWS = [
    ({"USD_Commitment": "1,5x"}, "USD_Commitment", "'1,5x' is not a number"),
    ({"DonorCode": "9999"}, "DonorCode", "unknown provider '9999'"),
    ({"PurposeCode": "99999"}, "PurposeCode", "unknown purpose '99999'"),
    ({"Aid_t": "Z99"}, "Aid_t", "unknown aid type 'Z99'"),
    ({"Year": "20x9"}, "Year", "'20x9' is not a year"),
    ({"Gender": "maybe"}, "Gender", "'maybe' is not a marker value"),
    ({"CrsID": "", "ProjectNumber": ""}, "CrsID", "no CRS id and no project number"),
]


@pytest.mark.parametrize(("values", "column", "reason"), BAD_ROWS)
def test_a_bad_row_is_rejected_with_line_and_column_and_the_rest_read(
    tmp_path, values, column, reason
):
    rows = [bulk_row(CrsID="1"), bulk_row(**{"CrsID": "2", **values}), bulk_row(CrsID="3")]
    _, items = read(write(tmp_path, "CRS 2019 data.txt", bulk_text(rows)))
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [item.crs_id for item in items if isinstance(item, Row)] == ["1", "3"]
    [bad] = rejected
    assert (bad.file, bad.line, bad.column) == ("CRS 2019 data.txt", 3, column)
    assert reason in bad.reason


def test_the_same_crs_id_year_and_measure_twice_is_rejected(tmp_path):
    rows = [bulk_row(), bulk_row(PurposeCode="11230", PurposeName=""), bulk_row()]
    _, items = read(write(tmp_path, "crs.txt", bulk_text(rows)))
    assert [type(item).__name__ for item in items] == ["Row", "Row", "Rejected"]
    assert items[2].line == 4 and items[2].column == "CrsID"
    assert "the same CRS id, year, recipient, purpose and measure as line 2" in items[2].reason


def test_a_row_with_the_wrong_number_of_fields_is_rejected(tmp_path):
    text = bulk_text([bulk_row(CrsID="1"), bulk_row(CrsID="2")]) + "2019|12|cut short\r\n"
    _, items = read(write(tmp_path, "crs.txt", text))
    assert isinstance(items[-1], Rejected) and items[-1].line == 4
    assert f"3 fields where the header has {len(BULK_HEADER)}" in items[-1].reason


def test_truncated_zip_is_refused(tmp_path):
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text([bulk_row()] * 1), zipped=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CRSFileError, match=r"CRS 2019 data.zip: not a readable zip file"):
        CRSReader(path)


def test_wrong_encoding_partway_names_line_and_column(tmp_path):
    rows = [bulk_row(CrsID=str(n)) for n in range(1, 2000)]  # past the 64 KiB sniffed
    text = bulk_text(rows).encode("utf-8") + "2019|12|Kö".encode("cp1252") + b"\r\n"
    path = tmp_path / "crs.txt"
    path.write_bytes(text)
    with CRSReader(path) as reader, pytest.raises(CRSFileError) as caught:
        list(reader)
    assert reader.encoding == "utf-8"
    assert (caught.value.line, caught.value.column) == (2001, 10)
    assert "byte 0xf6 is not utf-8" in str(caught.value)


def test_a_zip_without_one_data_file_is_refused(tmp_path, shared_dir):
    xlsx = shared_dir / "data/crs-gender-press-paris21/Tmp/XGBoost/Gender permutation results"
    with pytest.raises(CRSFileError, match=r"exactly one \.txt or \.csv data file; this one: none"):
        CRSReader(xlsx / "pred_all_dcd_info.xlsx")
