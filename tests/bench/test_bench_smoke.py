"""The IATI import benchmark still runs end to end on tiny files (speed is not asserted)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bench.iati_files import huge_file, portfolio_file

from bench import __main__ as bench_main
from bench import iati_import
from parity.iati.model import Activity
from parity.iati.reader import read_activities


def test_the_generated_files_are_deterministic_and_reused(tmp_path: Path) -> None:
    first = portfolio_file(5, out=tmp_path / "a")
    again = portfolio_file(5, out=tmp_path / "b")
    assert first.path.read_bytes() == again.path.read_bytes()
    modified = first.path.stat().st_mtime_ns
    assert portfolio_file(5, out=tmp_path / "a").path.stat().st_mtime_ns == modified


def test_the_huge_file_holds_one_activity_with_every_transaction(tmp_path: Path) -> None:
    made = huge_file(1_500, out=tmp_path)
    (activity,) = read_activities(made.path)
    assert isinstance(activity, Activity)
    assert len(activity.transactions) == 1_500
    assert activity.results  # the parts around the transactions are all there


def test_the_quick_benchmark_prints_every_row_with_its_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = iati_import.run(quick=True, steps=("baseline", "reader"), out=tmp_path)
    assert [(m.kind, m.step) for m in results] == [
        ("portfolio", "baseline"), ("portfolio", "reader"),
        ("huge", "baseline"), ("huge", "reader"),
    ]  # fmt: skip
    for m in results:
        assert m.error == ""
        assert m.activities == (1 if m.kind == "huge" else iati_import.SIZES["quick"][0])
        assert m.ratio_cpu is not None and m.ratio_wall is not None
        assert m.peak_rss_mb > 0
    reader = results[1]
    assert reader.target == "<=2.5x, <300 MB"
    assert reader.met is not None
    out = capsys.readouterr().out
    assert "(a) baseline" in out and "(b) reader" in out and "x (a) CPU" in out
    saved = json.loads(
        (tmp_path / "quick" / "iati_import-baseline-reader-40-2000.json").read_text()
    )
    assert [row["step"] for row in saved["results"]] == ["baseline", "reader"] * 2


def test_the_sqlite_import_step_runs_the_real_command(tmp_path: Path) -> None:
    (m,) = iati_import.measure([portfolio_file(3, out=tmp_path)], ["sqlite"])
    assert m.error == ""
    assert m.activities == 3
    assert m.wall > 0 and m.peak_rss_mb > 0


def test_python_m_bench_runs_only_what_it_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess:
        calls.append(command[1:])
        return subprocess.CompletedProcess(command, 1 if "bench.portfolio" in command else 0)

    monkeypatch.setattr(bench_main.subprocess, "run", fake_run)
    assert bench_main.main(["--only", "iati_import", "--quick"]) == 0
    assert calls == [["-m", "bench.iati_import", "--quick"]]
    assert bench_main.main(["--only", "portfolio"]) == 1  # a failed benchmark fails the run
    assert calls[-1] == ["-m", "bench.portfolio"]
    with pytest.raises(SystemExit):
        bench_main.main(["--only", "no_such_bench"])


@pytest.mark.slow
def test_every_benchmark_runs_at_its_quick_size() -> None:
    assert bench_main.main(["--quick", "--only", "portfolio", "--only", "protection_cases"]) == 0


def test_the_dashboard_benchmark_fails_a_full_size_run_over_300_ms_only() -> None:
    from bench import crs_dashboard

    under = {"no filter, cold": 250.0, "no filter, warm": 140.0}
    over = {**under, "all providers, cold": 460.0}
    assert crs_dashboard.report(under, full_size=True) == 0
    assert crs_dashboard.report(over, full_size=True) == 1
    assert crs_dashboard.report(over, full_size=False) == 0  # small sizes: a smoke test
    assert "crs_dashboard" in bench_main.MODULES


def test_the_floor_and_the_reader_count_by_the_median_of_alternate_runs(tmp_path: Path) -> None:
    baseline, reader = iati_import.measure(
        [portfolio_file(3, out=tmp_path)], ["baseline", "reader"], repeat=3
    )
    for m in (baseline, reader):
        assert m.error == "" and len(m.cpu_runs) == 3
        assert m.cpu == sorted(m.cpu_runs)[1]
    assert reader.ratio_cpu == reader.cpu / baseline.cpu


def test_a_missed_target_fails_a_measuring_run_but_not_a_smoke_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missed = iati_import.Measurement("f.xml", "portfolio", "sqlite", 1.0, met=False)
    monkeypatch.setattr(iati_import, "run", lambda **_: [missed])
    assert iati_import.main(["--sizes", "10000,0"]) == 1
    assert iati_import.main(["--quick"]) == 0
    missed.met = True
    assert iati_import.main(["--sizes", "10000,0"]) == 0
