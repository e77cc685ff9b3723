"""Imported activities are checked at once: their flags are on the portfolio after an import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from parity.activities.importer import Importer
from parity.activities.models import Activity
from parity.mainstreaming.flags import flags_stale
from parity.mainstreaming.models import Flag, ReviewState

pytestmark = pytest.mark.django_db


def test_an_import_stores_the_flags_of_what_it_wrote(shared_dir: Path) -> None:
    Importer().run([shared_dir / "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"])
    rules = set(
        Flag.objects.filter(activity__iati_identifier="GB-1-105858-101").values_list(
            "rule", flat=True
        )
    )
    assert "results-not-published" in rules


CD = "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"


def stored_flags() -> dict[int, list[tuple]]:
    rows = Flag.objects.order_by("activity_id", "id").values_list("activity_id", "rule", "created")
    found: dict[int, list[tuple]] = {}
    for activity_id, rule, created in rows:
        found.setdefault(activity_id, []).append((rule, created))
    return found


def test_a_forced_reimport_leaves_the_flags_checked_today_for_the_same_content(shared_dir: Path):
    Importer().run([shared_dir / CD])
    before = stored_flags()
    assert before
    Importer(force=True).run([shared_dir / CD])
    assert stored_flags() == before  # same rows, same times: no rule ran again


def test_an_activity_written_again_is_checked_again(shared_dir: Path, tmp_path: Path):
    Importer().run([shared_dir / CD])
    activity = Activity.objects.get(iati_identifier="GB-1-105858-101")
    before = stored_flags()[activity.pk]
    # The same activities from another file: their content (which names the file) changed.
    moved = tmp_path / "CD.xml"
    moved.write_bytes((shared_dir / CD).read_bytes() + b"\n<!-- moved -->\n")  # another hash
    Importer().run([moved])
    after = stored_flags()[activity.pk]
    assert [rule for rule, _ in after] == [rule for rule, _ in before]
    assert [created for _, created in after] != [created for _, created in before]


def test_a_run_first_checks_what_a_killed_run_left_without_flags(shared_dir: Path, tmp_path):
    Importer().run([shared_dir / CD])
    expected = stored_flags()
    # What a run killed after writing activities and before their flags leaves behind.
    Flag.objects.all().delete()
    ReviewState.objects.all().delete()
    Importer().run([tmp_path / "missing.xml"])  # any run, even of another file
    assert {pk: [rule for rule, _ in rows] for pk, rows in stored_flags().items()} == {
        pk: [rule for rule, _ in rows] for pk, rows in expected.items()
    }
    assert ReviewState.objects.count() == Activity.objects.count()


def test_an_activity_without_a_content_hash_is_always_checked_again(shared_dir: Path):
    Importer().run([shared_dir / CD])
    today = timezone.localdate()
    assert not flags_stale(Activity.objects.all(), today).exists()
    # The CRS loader writes no content hash: nothing proves its flags match its content.
    Activity.objects.filter(iati_identifier="GB-1-105838").update(content_hash="")
    stale = flags_stale(Activity.objects.all(), today).values_list("iati_identifier", flat=True)
    assert list(stale) == ["GB-1-105838"]
