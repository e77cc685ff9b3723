"""Real files: the activities that used to be rejected whole for one bad part are now kept,
with a data-quality note naming the part. Expected values were read off the files themselves
(line numbers and values below), and the 1.0x budget words of CD.xml counted with plain lxml."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from parity.activities.models import Activity, DataNote, RecipientCountry

pytestmark = pytest.mark.django_db

REAL = "iati/real"
# file: (identifier, [(part, line, action, value)]) - from reading the file
KEPT_WITH_NOTES = {
    "pyIATI/test_data-2-02/ruleset-std/invalid_std_ruleset_does_not_sum_100.xml": (
        "AA-AAA-123456789-ABC123",
        # <recipient-country code="AF" percentage="125" /> on line 19: the percentage goes
        [("recipient-country", 19, "dropped", "125")],
    ),
    "IATI-Schemas/test-data-activities/worked-example.xml": (
        "http://www.example.org/activities/12345.xml",
        # an early draft: date and related-activity types as words, transactions typed by an
        # attribute only (<transaction flow="incoming" type="contribution">)
        [
            ("activity-date", 18, "dropped", "start"),
            ("activity-date", 19, "dropped", "completion"),
            ("related-activity", 36, "mapped", "sibling"),
            ("transaction", 55, "dropped", ""),
            ("transaction", 63, "dropped", ""),
        ],
    ),
}


def import_json(path: Path) -> dict:
    out = StringIO()
    try:
        call_command("import_iati", str(path), "--json", stdout=out)
    except SystemExit as stop:
        assert stop.code == 0, out.getvalue()
    return json.loads(out.getvalue())


@pytest.mark.parametrize("relative", KEPT_WITH_NOTES, ids=lambda r: Path(r).name)
def test_an_activity_once_rejected_for_one_part_is_kept_with_its_notes(shared_dir, relative):
    identifier, expected = KEPT_WITH_NOTES[relative]
    summary = import_json(shared_dir / REAL / relative)
    (record,) = summary["files"]
    assert (record["created"], record["rejected"], record["with_notes"]) == (1, [], 1)
    assert summary["with_notes"] == 1
    notes = DataNote.objects.filter(activity__iati_identifier=identifier)
    assert [(n.part, n.line, n.action, n.value) for n in notes] == expected
    for note in notes:
        assert note.problem and note.value in note.problem, "the sentence names the value"


def test_the_bad_percentage_is_dropped_and_both_countries_kept(shared_dir):
    import_json(shared_dir / REAL / next(iter(KEPT_WITH_NOTES)))
    countries = RecipientCountry.objects.order_by("id").values_list("code", "percentage")
    assert list(countries) == [("AF", None), ("AX", 75)]


def test_the_untyped_transactions_are_dropped_and_the_rest_kept(shared_dir):
    import_json(shared_dir / REAL / list(KEPT_WITH_NOTES)[1])
    activity = Activity.objects.get()
    assert activity.transactions.count() == 0
    assert list(activity.related_activities.values_list("type", flat=True)) == ["3"]
    assert list(activity.dates.values_list("type", "iso_date")) == [
        ("", date(2010, 4, 1)),
        ("", date(2011, 3, 31)),
    ]


def test_cd_keeps_every_activity_and_notes_its_1_0x_budget_words(shared_dir):
    path = shared_dir / REAL / "IATI-Datastore/iatilib-test-fixtures/CD.xml"
    tree = etree.parse(str(path))
    worded = {
        activity.findtext("iati-identifier").strip()
        for activity in tree.iter("iati-activity")
        if any(not (b.get("type") or "1").isdigit() for b in activity.iter("budget"))
    }
    summary = import_json(path)
    assert (summary["created"], summary["rejected"]) == (205, 0)
    assert summary["with_notes"] == len(worded) == 134
    noted = set(
        Activity.objects.filter(notes__isnull=False).values_list("iati_identifier", flat=True)
    )
    assert noted == worded
    assert set(DataNote.objects.values_list("part", "action")) == {("budget", "mapped")}
