"""Data-quality notes in the API: on the activity, as a filter of the list, listed across
activities at /api/data-notes, and counted on an import run."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parity.activities.loader import ActivityLoader
from parity.activities.models import ImportRun
from parity.iati import model as iati
from tests.mainstreaming.conftest import small_activity

pytestmark = pytest.mark.django_db

COUNTRY = iati.DataNote("recipient-country", 12, "percentage 125 is above 100", "dropped", "125")
TYPE = iati.DataNote("transaction", 20, "the transaction has no transaction-type", "dropped")
WORD = iati.DataNote(
    "collaboration-type", 4, "the 1.0x word 'Bilateral' is code 1", "mapped", "Bilateral"
)
LONG = "x" * 3000
SECTOR = iati.DataNote("sector", None, "code not in codelist", "kept as given", LONG)


@pytest.fixture
def noted(db) -> None:
    ActivityLoader(source_file="a.xml").load(
        [
            replace(small_activity("XM-TEST-1"), notes=(COUNTRY, TYPE)),
            replace(small_activity("XM-TEST-2"), notes=(WORD,)),
            small_activity("XM-TEST-3"),
        ]
    )
    ActivityLoader(source_file="b.xml").load(
        [replace(small_activity("XM-TEST-4"), notes=(SECTOR,))]
    )


def test_an_activity_carries_its_notes_in_file_order(client, noted):
    body = client.get("/api/activities/XM-TEST-1").json()
    assert body["notes"] == [
        {
            "part": "recipient-country",
            "line": 12,
            "problem": "percentage 125 is above 100",
            "action": "dropped",
            "value": "125",
        },
        {
            "part": "transaction",
            "line": 20,
            "problem": "the transaction has no transaction-type",
            "action": "dropped",
            "value": "",
        },
    ]
    assert client.get("/api/activities/XM-TEST-3").json()["notes"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has_notes=true", ["XM-TEST-1", "XM-TEST-2", "XM-TEST-4"]),
        ("has_notes=false", ["XM-TEST-3"]),
        ("", ["XM-TEST-1", "XM-TEST-2", "XM-TEST-3", "XM-TEST-4"]),
    ],
)
def test_the_list_filters_on_having_notes(client, noted, query, expected):
    body = client.get(f"/api/activities?{query}").json()
    assert [a["iati_identifier"] for a in body["items"]] == expected


def test_a_has_notes_that_is_not_a_boolean_is_a_422(client, noted):
    response = client.get("/api/activities?has_notes=perhaps")
    assert response.status_code == 422
    assert response.json()["field"] == "has_notes"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [("XM-TEST-1", 12), ("XM-TEST-1", 20), ("XM-TEST-2", 4), ("XM-TEST-4", None)]),
        ("action=dropped", [("XM-TEST-1", 12), ("XM-TEST-1", 20)]),
        ("action=mapped", [("XM-TEST-2", 4)]),
        ("part=sector", [("XM-TEST-4", None)]),
        ("activity=XM-TEST-2", [("XM-TEST-2", 4)]),
        ("source_file=b.xml", [("XM-TEST-4", None)]),
        ("reporting_org=XM-TEST&limit=1&offset=1", [("XM-TEST-1", 20)]),
        ("reporting_org=NOBODY", []),
    ],
)
def test_notes_are_listed_across_activities(client, noted, query, expected):
    body = client.get(f"/api/data-notes?{query}").json()
    assert [(n["activity"], n["line"]) for n in body["items"]] == expected


def test_a_listed_note_names_its_activity_and_file_and_keeps_the_value_whole(client, noted):
    (note,) = client.get("/api/data-notes?part=sector").json()["items"]
    assert note == {
        "activity": "XM-TEST-4",
        "source_file": "b.xml",
        "part": "sector",
        "line": None,
        "problem": "code not in codelist",
        "action": "kept as given",
        "value": LONG,
    }


@pytest.mark.parametrize(
    ("query", "field", "status"),
    [("action=fixed", "action", 422), ("part=a%00b", "part", 422), ("offset=4", "offset", 404)],
)
def test_bad_note_filters_are_a_json_4xx_naming_the_field(client, noted, query, field, status):
    response = client.get(f"/api/data-notes?{query}")
    assert response.status_code == status
    assert response.json()["field"] == field


def test_an_import_run_counts_its_activities_with_notes(client, db):
    run = ImportRun.objects.create(status=ImportRun.COMPLETE, created=3, with_notes=2)
    body = client.get(f"/api/imports/{run.pk}").json()
    assert (body["created"], body["with_notes"]) == (3, 2)
