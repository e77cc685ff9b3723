"""The benchmark's generator writes CRS files Parity reads whole, in both layouts."""

from __future__ import annotations

from collections import Counter

import pytest
from bench.crs_generate import write_file

from parity.crs.model import Row
from parity.crs.reader import CRSReader


@pytest.mark.parametrize(
    ("layout", "encoding", "zipped"),
    [("bulk", "utf-8", False), ("bulk", "cp1252", True), ("explorer", "utf-8-sig", False)],
)
def test_generated_files_read_without_rejections(tmp_path, layout, encoding, zipped):
    path = write_file(tmp_path / "CRS 2020 data.txt", 3000, layout, encoding, zipped)
    with CRSReader(path) as reader:
        kinds = Counter(type(item) for item in reader)
        assert reader.layout == layout
        assert reader.encoding == encoding
    assert kinds == {Row: 3000}


def test_generated_rows_keep_the_real_marker_shapes(tmp_path):
    path = write_file(tmp_path / "crs.txt", 5000, "bulk")
    with CRSReader(path) as reader:
        genders = Counter(row.gender for row in reader)
    # the housing extract screens about three rows in four, and marks some principal
    assert set(genders) == {None, 0, 1, 2}
    assert 0.6 < 1 - genders[None] / 5000 < 0.9
