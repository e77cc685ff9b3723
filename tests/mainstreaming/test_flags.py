"""Evidence flags over the database: the snapshot, flags_refresh and `parity check-markers`,
on the real DFID file CD.xml (expected flags worked out by hand in tests/markers)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.iati.model import Activity as IatiActivity
from parity.iati.reader import read_activities
from parity.mainstreaming import flags
from parity.mainstreaming.models import Flag, ReviewState
from parity.markers import check_activity

from .conftest import small_activity

CD = "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
TODAY = date(2025, 1, 1)
NO_INDICATOR = "gender-focused-without-gender-indicator"
NO_OBJECTIVE = "principal-without-gender-objective"
MISSING = "gender-marker-missing"
PARENT = "gender-marker-missing-parent"
NO_RESULTS = "results-not-published"
ANALYSIS = "gender-analysis-not-recorded"
OBJECTIVE_1 = "significant-without-gender-objective"
EVALUATION = "no-evaluation-commitment"
# Flags on CD.xml by rule (worked out in tests/markers/test_real_files.py).
CD_FLAGS = {
    NO_RESULTS: 83,
    ANALYSIS: 83,
    EVALUATION: 81,
    OBJECTIVE_1: 79,
    PARENT: 67,
    NO_OBJECTIVE: 2,
}
CD_TOTAL = sum(CD_FLAGS.values())


def load(path) -> list[IatiActivity]:
    activities = [a for a in read_activities(path) if isinstance(a, IatiActivity)]
    ActivityLoader().load(activities)
    return activities


@pytest.fixture
def cd(db, shared_dir) -> list[IatiActivity]:
    return load(shared_dir / CD)


def test_it_rebuilds_the_same_dataclass_the_reader_gave_for_what_rules_read(cd):
    rebuilt = {a.identifier: a for a in activity_snapshots()}
    assert len(rebuilt) == len({a.identifier for a in cd}) == 205
    for original in cd:
        again = rebuilt[original.identifier]
        assert again.policy_markers == original.policy_markers
        assert again.sectors == original.sectors
        assert again.titles == original.titles
        assert check_activity(again, TODAY) == check_activity(original, TODAY)


def test_it_rebuilds_results_with_sex_dimensions(db):
    original = small_activity()
    ActivityLoader().load([original])
    (again,) = activity_snapshots()
    assert again.results == original.results


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        # a parent whose components in the database carry the marker
        ("GB-1-105838", [PARENT]),
        ("GB-1-105858-101", [NO_RESULTS, NO_OBJECTIVE, ANALYSIS, EVALUATION]),
        ("GB-1-200670-102", [NO_RESULTS, ANALYSIS, EVALUATION]),
        ("GB-1-201624-101", [NO_RESULTS, ANALYSIS, OBJECTIVE_1, EVALUATION]),
        ("GB-1-105843-101", []),
    ],
)
def test_it_stores_the_expected_flags_on_chosen_activities(cd, identifier, expected):
    flags.flags_refresh(today=TODAY)
    activity = Activity.objects.get(iati_identifier=identifier)
    assert list(Flag.objects.filter(activity=activity).values_list("rule", flat=True)) == expected
    assert ReviewState.objects.get(activity=activity).open_flags == len(expected)


def test_it_replaces_flags_rather_than_adding_them(cd):
    first = flags.flags_refresh(today=TODAY)
    again = flags.flags_refresh(today=TODAY)
    assert first == again == Flag.objects.count() == CD_TOTAL


def test_it_refreshes_only_the_activities_asked_for(cd):
    flags.flags_refresh(today=TODAY)
    one = Activity.objects.get(iati_identifier="GB-1-105858-101")
    Flag.objects.filter(activity=one).delete()
    flags.flags_refresh([one.pk], today=TODAY)
    assert Flag.objects.filter(activity=one).count() == 4
    assert Flag.objects.count() == CD_TOTAL


def test_it_lists_every_flag_as_json_with_rule_and_activity(cd):
    out = StringIO()
    call_command("check_markers", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["activities"] == 205
    found = {(f["activity"], f["rule"]) for f in data["flags"]}
    assert ("GB-1-105858-101", NO_RESULTS) in found
    assert ("GB-1-105858-101", NO_OBJECTIVE) in found
    assert ("GB-1-105838", PARENT) in found
    assert all(f["message"] for f in data["flags"])
    assert len(data["flags"]) == CD_TOTAL


def test_it_prints_a_table_limited_to_one_reporting_org(cd, db):
    ActivityLoader().load([small_activity("XM-OTHER-1", significance=None)])
    out = StringIO()
    call_command("check_markers", "--reporting-org", "XM-TEST", stdout=out)
    text = out.getvalue()
    assert "XM-OTHER-1" in text and MISSING in text
    assert "GB-1-" not in text
    assert text.strip().endswith("1 flags on 1 activities.")


def test_it_summarises_by_rule(cd):
    out = StringIO()
    call_command("check_markers", "--summary", stdout=out)
    assert f"83  {NO_RESULTS}" in out.getvalue()
    assert f"67  {PARENT}" in out.getvalue()
