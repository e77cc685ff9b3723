"""Reading the real labelled sets: the counts their MANIFEST.md files state, the labels mapped."""

from __future__ import annotations

from collections import Counter

import pytest

from parity.suggest import SuggestError
from parity.suggest.sources import read_labelled
from tests.suggest.conftest import DISABILITY, NEGATIVES, PARIS21


def test_it_reads_the_housing_markers_and_leaves_unscreened_rows_out(housing) -> None:
    # MANIFEST: gender_equality 0 = 1,290, 1 = 1,415, 2 = 279, empty = 1,037 (left out).
    assert Counter(row.marker for row in housing) == {0: 1290, 1: 1415, 2: 279}
    assert all(row.focused == (row.marker > 0) for row in housing)
    first = next(row for row in housing if row.subject.key == "2022917614DA1")
    assert first.subject.purpose_codes == ("16030",)
    assert first.subject.provider == "Germany"
    assert first.subject.aid_type == "C01"


def test_it_reads_title_short_and_long_description_once_each(tmp_path) -> None:
    path = tmp_path / "crs.csv"
    path.write_text(
        "crs_id,project_title,short_description,long_description,gender_equality\n"
        "1,Housing,Homes for widows,Build 40 homes,2\n"
        "2,Roads,Roads,Gravel roads,0\n"
    )
    first, second = read_labelled(path)
    assert first.subject.text == "Housing\nHomes for widows\nBuild 40 homes"
    assert second.subject.text == "Roads\nGravel roads"  # a short text equal to the title once


def test_it_reads_the_paris21_flag_as_focused_only() -> None:
    rows = read_labelled(PARIS21)
    assert len(rows) == 12367
    assert sum(row.focused for row in rows) == 2767
    assert {row.marker for row in rows} == {None}


@pytest.mark.parametrize(
    ("path", "counts"),
    [
        # cp1252; "Not screened" (63 rows) left out.
        (DISABILITY, {0: 554, 1: 538, 2: 77}),
        # UTF-8; DI's "Partial"/"Major" read as significant/principal.
        (NEGATIVES, {0: 541, 1: 545, 2: 276}),
    ],
)
def test_it_reads_the_legacy_layouts_and_labels(path, counts) -> None:
    rows = read_labelled(path)
    assert Counter(row.marker for row in rows) == counts


def test_it_decodes_windows_1252_text() -> None:
    rows = read_labelled(DISABILITY)
    assert any("é" in row.subject.text for row in rows)
    assert not any("\ufffd" in row.subject.text for row in rows)


def test_it_maps_legacy_purpose_names_to_codes() -> None:
    rows = read_labelled(NEGATIVES)
    malaria = [row for row in rows if "12262" in row.subject.purpose_codes]
    assert malaria  # "Malaria control" is DAC 12262


def test_a_bad_label_is_refused_with_its_line(tmp_path) -> None:
    path = tmp_path / "crs.csv"
    path.write_text("crs_id,project_title,gender_equality\n1,Roads,0\n2,Clinics,7\n")
    with pytest.raises(SuggestError, match=r"crs\.csv, line 3: gender_equality '7'"):
        read_labelled(path)


def test_a_file_without_a_marker_column_is_refused(tmp_path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,title\n1,Roads\n")
    with pytest.raises(SuggestError, match="no gender marker column"):
        read_labelled(path)
