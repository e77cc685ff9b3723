"""bench.iati_parallel: its folder (every activity in one file only, reused once whole) and its
verdict (best wall time of each side, against the 1.6x target)."""

from __future__ import annotations

from pathlib import Path

from bench.iati_parallel import Run, folder_of, report
from lxml import etree


def test_the_folder_splits_one_portfolio_and_is_reused(tmp_path: Path) -> None:
    folder = folder_of(3, 4, out=tmp_path)
    files = sorted(folder.glob("*.xml"))
    assert [f.name for f in files] == ["part-00.xml", "part-01.xml", "part-02.xml"]
    identifiers = [
        element.text
        for path in files
        for element in etree.parse(str(path)).getroot().iter("iati-identifier")
    ]
    assert len(identifiers) == len(set(identifiers)) == 12
    stamp = files[0].stat().st_mtime_ns
    assert folder_of(3, 4, out=tmp_path) == folder
    assert files[0].stat().st_mtime_ns == stamp  # not written again


def test_the_ratio_takes_the_best_wall_of_each_side_and_judges_it() -> None:
    runs = [Run(1, wall=100, activities=10), Run(2, wall=70, activities=10),
            Run(1, wall=90, activities=10), Run(2, wall=50, activities=10),
            Run(2, wall=1, error="exit 1")]  # fmt: skip
    text, ratio = report(runs)
    assert ratio == 90 / 50
    assert "1.80x (target >= 1.6x: yes)" in text
    assert "failed: exit 1" in text
    _text, slow = report([Run(1, wall=10, activities=1), Run(2, wall=8, activities=1)])
    assert slow == 1.25
    assert "NO" in _text
