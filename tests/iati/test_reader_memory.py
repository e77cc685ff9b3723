"""Memory is bounded by design: whatever a file holds besides activities is freed as it streams,
and what one activity may hold (its transactions apart, which stream) is capped with an error.

Each file is read in a fresh Python process, which reports its own peak resident memory
(Linux's VmHWM, which starts anew at exec: ``getrusage`` would carry over the test runner's
peak from before the fork), so the figure is the reader's and not the test runner's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
# docs/iati.md "Memory": the reader's process stays under this peak, whatever the file holds
# (a fresh interpreter with lxml and the reader takes about 40 MB of it).
PEAK_BOUND_MB = 150
SIZE = 50 * 1024 * 1024
ACTIVITY = (
    b"<iati-activity><iati-identifier>XM-1-{n}</iati-identifier>"
    b'<reporting-org ref="XM-1"/><title><narrative>T</narrative></title></iati-activity>'
)
READ = """
import json, sys
from parity.iati.errors import IATIFileError
from parity.iati.reader import read_activities
count, error = 0, ""
limits = {"max_held": int(sys.argv[2])} if len(sys.argv) > 2 else {}
try:
    for item in read_activities(sys.argv[1], **limits):
        count += 1
except IATIFileError as exc:
    error = str(exc)
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) // 1024
print(json.dumps({"count": count, "error": error, "peak_mb": peak}))
"""


def read_in_a_fresh_process(path: Path, max_held: int | None = None) -> dict:
    limit = [] if max_held is None else [str(max_held)]
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path), *limit], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def write_file(path: Path, head: bytes, piece: bytes, tail: bytes, size: int = SIZE) -> Path:
    """``head``, then ``piece`` repeated up to ``size`` bytes, then ``tail``; streamed."""
    block = piece * max(1, (1 << 20) // len(piece))
    with path.open("wb") as out:
        out.write(head)
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
        out.write(tail)
    return path


def activities(n: int) -> bytes:
    return b"".join(ACTIVITY.replace(b"{n}", str(i).encode()) for i in range(n))


ROOT = b'<?xml version="1.0"?><iati-activities version="2.03">'
JUNK = b'<junk kind="x"><a>text</a><b/></junk>\n'
# name -> (head, repeated piece, tail, activities read)
SHAPES: dict[str, tuple[bytes, bytes, bytes, int]] = {
    "junk between the activities": (
        ROOT + activities(2),
        JUNK,
        activities(2) + b"</iati-activities>",
        4,
    ),
    "junk nested in one open element": (
        ROOT + b"<wrapper><deeper>",
        JUNK,
        b"</deeper></wrapper>" + activities(1) + b"</iati-activities>",
        1,
    ),
    "junk inside an activity, where the reader reads nothing of it": (
        ROOT + b"<iati-activity><iati-identifier>XM-1-A</iati-identifier><unknown>",
        JUNK,
        b"</unknown></iati-activity></iati-activities>",
        1,
    ),
    "junk under a root that is not IATI, around the activities": (
        b'<?xml version="1.0"?><result><ok>True</ok><iati-activities>' + activities(1),
        JUNK,
        b"</iati-activities></result>",
        1,
    ),
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_it_reads_50_mb_of_other_elements_in_bounded_memory(shape: str, tmp_path: Path) -> None:
    head, piece, tail, expected = SHAPES[shape]
    report = read_in_a_fresh_process(write_file(tmp_path / "junk.xml", head, piece, tail))
    assert report["error"] == ""
    assert report["count"] == expected
    assert report["peak_mb"] < PEAK_BOUND_MB, report


def test_it_stops_at_an_activity_holding_too_much_and_names_it(tmp_path: Path) -> None:
    sector = b'<sector code="15170" vocabulary="1" percentage="1"/>\n'
    head = ROOT + activities(1) + b"\n<iati-activity><iati-identifier>XM-1-BIG</iati-identifier>"
    path = write_file(tmp_path / "big.xml", head, sector, b"</iati-activity></iati-activities>")
    report = read_in_a_fresh_process(path)
    assert report["count"] == 1, "the activity before the big one is read"
    assert report["error"].startswith("big.xml: ")
    assert "line 2: <iati-activity> holds more than 64 MB" in report["error"]
    assert report["peak_mb"] < PEAK_BOUND_MB, report


@pytest.mark.parametrize("what", ["transactions", "unknown elements"])
def test_the_cap_counts_neither_transactions_nor_what_is_not_read(
    what: str, tmp_path: Path
) -> None:
    piece = (
        b'<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>'
        b'<value currency="EUR" value-date="2020-01-01">10</value></transaction>\n'
        if what == "transactions"
        else JUNK
    )
    head = ROOT + b"<iati-activity><iati-identifier>XM-1-T</iati-identifier>"
    tail = b"</iati-activity></iati-activities>"
    path = write_file(tmp_path / "one.xml", head, piece, tail, size=4 << 20)
    assert read_in_a_fresh_process(path, max_held=1 << 20)["error"] == ""
    sectors = write_file(tmp_path / "sectors.xml", head, b'<sector code="1"/>', tail, 4 << 20)
    error = read_in_a_fresh_process(sectors, max_held=1 << 20)["error"]
    assert "line 1: <iati-activity> holds more than 1 MB" in error


def test_after_a_break_it_counts_what_ended_in_bounded_memory(tmp_path: Path) -> None:
    """The second pass that tells an activity ending right before a break from one cut short
    frees every element as it goes, as the first pass does."""
    head = ROOT + activities(1) + b"<iati-activity><iati-identifier>XM-1-X</iati-identifier><u>"
    tail = b"</u></iati-activity><iati-activity undefined:prefix='1'>"
    report = read_in_a_fresh_process(write_file(tmp_path / "cut.xml", head, JUNK, tail))
    assert "Namespace prefix undefined" in report["error"]  # the break
    assert report["count"] == 2  # the one before the junk, and the one holding it
    assert report["peak_mb"] < PEAK_BOUND_MB, report
