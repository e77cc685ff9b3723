"""A killed `parity import-iati` leaves no activity without its evidence flags once it is run
again: the unfinished file is imported again (never skipped by its hash) and the flags the
killed run did not store are computed.

The import runs in a subprocess against a database of its own (as in tests/api/test_worker.py)
and is killed with SIGKILL while it loads, and while it stores the flags.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from parity.iati.model import Activity as IatiActivity
from parity.iati.reader import read_activities
from parity.markers import check_activity
from tests.helpers.scratch_instance import migrated_environment, scratch_database

pytestmark = pytest.mark.slow

ACTIVITIES = 6000
# Gender marker significance by activity number: focused, principal, not targeted, none.
MARKERS = ["1", "2", "0", None]


def write_tiny_file(path: Path) -> None:
    """Many small activities, as in the audit (a million of them): little to load, each with
    something for the evidence rules to say. Every even one lists the next as its component:
    an import stores flags with each chunk it writes, but a parent's wait for the check after
    the file, which is the phase "computing flags" kills (parents are all screened, so the
    rules say the same of them whatever their components)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<iati-activities version="2.03" generated-datetime="2025-01-01T00:00:00">\n')
        for n in range(ACTIVITIES):
            significance = MARKERS[n % len(MARKERS)]
            marker = (
                f'<policy-marker vocabulary="1" code="1" significance="{significance}"/>'
                if significance is not None
                else ""
            )
            component = f'<related-activity ref="XM-TINY-{n + 1}" type="2"/>' if n % 2 == 0 else ""
            out.write(
                f"<iati-activity><iati-identifier>XM-TINY-{n}</iati-identifier>"
                '<reporting-org ref="XM-TINY" type="10"><narrative>Tiny</narrative></reporting-org>'
                f"<title><narrative>Activity {n}</narrative></title>"
                f'<activity-status code="2"/>{marker}{component}</iati-activity>\n'
            )
        out.write("</iati-activities>\n")


def expected_flags(path: Path, today: date) -> set[tuple[str, str]]:
    """Each activity's flags by the pure rules on the file itself (no database, no Parity
    importer)."""
    with path.open("rb") as handle:
        activities = [a for a in read_activities(handle) if isinstance(a, IatiActivity)]
    assert len(activities) == ACTIVITIES
    return {(a.identifier, f.rule_id) for a in activities for f in check_activity(a, today)}


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[dict]:
    with scratch_database(tmp_path) as database:
        env = migrated_environment(tmp_path, database)
        path = tmp_path / "tiny.xml"
        write_tiny_file(path)
        yield {"env": env, "db": database, "file": path}


def count(instance: dict, table: str) -> int:
    return instance["db"].rows(f"SELECT COUNT(*) FROM {table}")[0][0]


def import_iati(instance: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "parity", "import-iati", str(instance["file"])],
        env=instance["env"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(process: subprocess.Popen, what: str, ready, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the import ended before {what}: nothing was killed")
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"Timed out waiting for {what}")


PHASES = {
    # Some activities written, not all: the loader's batches are committing.
    "loading": lambda i: 0 < count(i, "activities_activity") < ACTIVITIES,
    # Every activity written, some flags stored: the parents' flags are being computed.
    "computing flags": lambda i: (
        count(i, "activities_activity") == ACTIVITIES
        and 0 < count(i, "mainstreaming_reviewstate") < ACTIVITIES
    ),
}


@pytest.mark.parametrize("phase", PHASES)
def test_a_run_killed_mid_import_is_finished_by_the_next_run(instance, phase):
    kill_when(import_iati(instance), phase, lambda: PHASES[phase](instance))
    assert count(instance, "mainstreaming_reviewstate") < ACTIVITIES, "nothing left to finish"

    again = subprocess.run(
        [sys.executable, "-m", "parity", "import-iati", str(instance["file"])],
        env=instance["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]

    flags = instance["db"].rows(
        "SELECT a.iati_identifier, f.rule FROM mainstreaming_flag f "
        "JOIN activities_activity a ON a.id = f.activity_id"
    )
    assert len(flags) == len(set(flags)), "a flag stored twice"
    assert set(flags) == expected_flags(instance["file"], date.today())
    rows = instance["db"].rows(
        "SELECT a.iati_identifier, s.open_flags FROM activities_activity a "
        "LEFT JOIN mainstreaming_reviewstate s ON s.activity_id = a.id"
    )
    per_activity: dict[str, int] = {}
    for identifier, _rule in flags:
        per_activity[identifier] = per_activity.get(identifier, 0) + 1
    assert len(rows) == ACTIVITIES
    assert {identifier: n for identifier, n in rows} == {
        identifier: per_activity.get(identifier, 0) for identifier, _ in rows
    }
    statuses = instance["db"].rows(
        "SELECT r.status, f.status FROM activities_importrun r "
        "LEFT JOIN activities_importfile f ON f.run_id = r.id ORDER BY r.id"
    )
    # The killed run is failed and recorded no file; the second imported it (never skipped).
    assert statuses == [("failed", None), ("complete", "imported")]
