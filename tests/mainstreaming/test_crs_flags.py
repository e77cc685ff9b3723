"""CRS projects' evidence flags are stored by the import from the rows it holds, equal to what
``flags_refresh`` stores from the database, and the refresh after the file reads them back no
more."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.activities.crs_importer import CRSImporter
from parity.activities.models import Activity
from parity.mainstreaming import receivers
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.models import Flag, ReviewState
from tests.crs.files import bulk_row, bulk_text, write

pytestmark = pytest.mark.django_db

REAL_FILES = [
    "crs-housing-hfhi/crs_2014_2023_purpose_codes.csv",
    "crs-disability-di/disability_aid_analysis/intellectual ODA.csv",
    "crs-disability-di/disability_aid_analysis/output/id.csv",
    "crs-disability-di/inclusion-works/output/crs check negatives.csv",
]


def stored() -> tuple[dict[str, list[tuple]], dict[str, tuple]]:
    flags: dict[str, list[tuple]] = {}
    rows = Flag.objects.order_by("activity__iati_identifier", "id").values_list(
        "activity__iati_identifier", "rule", "severity", "message_id", "message_args", "element"
    )
    for identifier, *flag in rows:
        flags.setdefault(identifier, []).append(tuple(flag))
    states = {
        identifier: rest
        for identifier, *rest in ReviewState.objects.values_list(
            "identifier", "open_flags", "flags_hash", "flags_on", "gender_marker"
        )
    }
    return flags, {k: tuple(v) for k, v in states.items()}


@pytest.fixture
def refreshed(monkeypatch) -> list[int]:
    """The activity ids the refresh after each file checked (read back)."""
    found: list[int] = []

    def spy(ids, **kwargs):
        found.extend(ids)
        return flags_refresh(ids, **kwargs)

    monkeypatch.setattr(receivers, "flags_refresh", spy)
    return found


def test_flags_stored_from_the_rows_equal_those_read_back_on_every_real_file(
    shared_dir: Path, refreshed: list[int]
) -> None:
    """One import after the other, so later files replace project-years of earlier ones and
    rewrite their headers (the DI extracts share 931 CrsID and year)."""
    for relative in REAL_FILES:
        run = CRSImporter().run([shared_dir / "data" / relative])
        assert run.status == "complete", relative
    projects = Activity.objects.count()
    with_rows = stored()
    assert with_rows[0] and len(with_rows[1]) == projects
    # Only projects whose header row gives no aid type were read back after their file.
    assert len(set(refreshed)) < projects / 10
    Flag.objects.all().delete()
    ReviewState.objects.all().delete()
    flags_refresh()
    assert stored() == with_rows


def test_a_rewritten_header_without_an_aid_type_is_checked_after_the_file(
    tmp_path: Path, refreshed: list[int]
) -> None:
    """A project met again in a later chunk (BATCH_ROWS) under a later year: its header and
    flags are rewritten; without an aid type its earlier flags are no longer current, so the
    refresh after the file checks it with all its transactions in."""
    from parity.activities import crs_loader

    rows = [bulk_row(Year="2018", CrsID="1", Gender="")]
    rows += [bulk_row(CrsID=str(n), ProjectNumber=f"P{n}") for n in range(2, 5)]
    rows += [bulk_row(Year="2019", CrsID="1", Aid_t="", Gender="")]
    path = write(tmp_path, "CRS 2019 data.txt", bulk_text(rows))
    original = crs_loader.BATCH_ROWS
    crs_loader.BATCH_ROWS = 2
    try:
        CRSImporter().run([path])
    finally:
        crs_loader.BATCH_ROWS = original
    project = Activity.objects.get(iati_identifier="crs:12-1")
    assert refreshed == [project.pk]
    with_rows = stored()
    Flag.objects.all().delete()
    flags_refresh()
    assert stored()[0] == with_rows[0]
    assert "gender-marker-missing" in {flag[0] for flag in with_rows[0]["crs:12-1"]}
