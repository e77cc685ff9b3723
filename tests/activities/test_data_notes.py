"""Data-quality notes: an activity kept with one bad part carries a note per part, written with
its other parts (replaced when it changes, kept when unchanged), shown on its page in words,
counted in the import run's report and in `check-markers`."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, DataNote
from parity.iati import model as iati
from tests.mainstreaming.conftest import small_activity

pytestmark = pytest.mark.django_db

LONG = "Multilateral " * 400  # 5,200 characters: stored and shown whole, never cut
COUNTRY = iati.DataNote(
    part="recipient-country",
    line=12,
    problem="percentage 125 is above 100",
    action="dropped",
    value="125",
)
TRANSACTION = iati.DataNote(
    part="transaction",
    line=20,
    problem="the transaction has no transaction-type",
    action="dropped",
)
COLLABORATION = iati.DataNote(
    part="collaboration-type",
    line=None,
    problem="the code is not in the CollaborationType codelist",
    action="kept as given",
    value=LONG,
)


def noted(identifier: str = "XM-TEST-1", *notes: iati.DataNote) -> iati.Activity:
    return replace(small_activity(identifier), notes=notes)


def stored(identifier: str = "XM-TEST-1") -> list[tuple]:
    return list(
        DataNote.objects.filter(activity__iati_identifier=identifier).values_list(
            "part", "line", "problem", "action", "value"
        )
    )


def test_it_writes_one_row_per_note_in_file_order_with_the_value_whole():
    counts = ActivityLoader().load([noted("XM-TEST-1", COUNTRY, TRANSACTION, COLLABORATION)])
    assert stored() == [
        ("recipient-country", 12, "percentage 125 is above 100", "dropped", "125"),
        ("transaction", 20, "the transaction has no transaction-type", "dropped", ""),
        ("collaboration-type", None, COLLABORATION.problem, "kept as given", LONG),
    ]
    assert len(stored()[2][4]) == 5200
    assert counts.with_notes == 1 and counts.created == 1


def test_an_activity_without_notes_has_no_rows_and_is_not_counted():
    counts = ActivityLoader().load([small_activity("XM-TEST-1"), noted("XM-TEST-2", COUNTRY)])
    assert stored("XM-TEST-1") == []
    assert counts.with_notes == 1


def test_notes_of_an_unchanged_activity_are_kept_and_of_an_updated_one_replaced():
    ActivityLoader().load([noted("XM-TEST-1", COUNTRY, TRANSACTION)])
    ids = list(DataNote.objects.values_list("id", flat=True))
    again = ActivityLoader().load([noted("XM-TEST-1", COUNTRY, TRANSACTION)])
    assert again.unchanged == 1 and again.with_notes == 1
    assert list(DataNote.objects.values_list("id", flat=True)) == ids
    changed = ActivityLoader().load([noted("XM-TEST-1", TRANSACTION)])
    assert changed.updated == 1, "a different set of notes is a different activity"
    assert [row[0] for row in stored()] == ["transaction"]
    fixed = ActivityLoader().load([small_activity("XM-TEST-1")])
    assert (fixed.updated, fixed.with_notes) == (1, 0)
    assert stored() == []


def test_notes_go_with_their_activity():
    ActivityLoader().load([noted("XM-TEST-1", COUNTRY)])
    Activity.objects.all().delete()
    assert DataNote.objects.count() == 0


def page_text(client: Client, identifier: str = "XM-TEST-1") -> str:
    response = client.get(f"/activities/{identifier}/")
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    return html


def test_the_activity_page_lists_each_note_in_words(client: Client):
    ActivityLoader().load([noted("XM-TEST-1", COUNTRY, TRANSACTION, COLLABORATION)])
    html = page_text(client)
    section = html.split('<h2 id="data-quality">Data quality</h2>')[1].split("</section>")[0]
    assert "3 parts of this activity had a problem in the file. Parity kept the activity" in section
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(<td>.*?)</tr>", section)
    ]
    left_out = "Left out: the rest of the activity was kept without this part."
    assert rows == [
        ["recipient-country", "12", "percentage 125 is above 100", left_out, "125"],
        ["transaction", "20", "the transaction has no transaction-type", left_out, "not given"],
        [
            "collaboration-type",
            "not given",
            "the code is not in the CollaborationType codelist",
            "Kept as the file gives it.",
            LONG.strip(),
        ],
    ]


def test_a_page_without_notes_has_no_data_quality_section(client: Client):
    ActivityLoader().load([small_activity("XM-TEST-1")])
    assert "Data quality" not in page_text(client)


def check_markers_json() -> dict:
    out = StringIO()
    call_command("check_markers", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_check_markers_counts_notes_by_part_and_action():
    ActivityLoader().load(
        [
            noted("XM-TEST-1", COUNTRY, TRANSACTION),
            noted("XM-TEST-2", COLLABORATION),
            small_activity("XM-TEST-3"),
        ]
    )
    assert check_markers_json()["data_quality"] == {
        "activities_with_notes": 2,
        "notes": 3,
        "by_part": {"collaboration-type": 1, "recipient-country": 1, "transaction": 1},
        "by_action": {"dropped": 2, "kept as given": 1},
    }


def test_check_markers_without_notes_says_zero_and_its_summary_names_them():
    ActivityLoader().load([small_activity("XM-TEST-1")])
    assert check_markers_json()["data_quality"] == {
        "activities_with_notes": 0,
        "notes": 0,
        "by_part": {},
        "by_action": {},
    }
    ActivityLoader().load([noted("XM-TEST-2", COUNTRY)])
    out = StringIO()
    call_command("check_markers", "--summary", stdout=out)
    assert "Data quality: 1 notes on 1 activities kept with a bad part." in out.getvalue()
    assert re.search(r"^\s+1  recipient-country$", out.getvalue(), flags=re.M)


def test_codes_left_empty_by_the_reader_are_stored_and_shown(client: Client):
    # What the reader gives for a type outside its codelist: the part, with the code empty.
    activity = replace(
        small_activity("XM-TEST-1"),
        dates=(
            iati.ActivityDate("", date(2010, 4, 1)),
            iati.ActivityDate("1", date(2010, 1, 1)),
        ),
        participating_orgs=(iati.ParticipatingOrg(iati.OrgRef(ref="XM-NGO"), ""),),
        budgets=(iati.Budget(None, None, Decimal(10), "USD", None, type="", status=""),),
        related_activities=(iati.RelatedActivity("XM-TEST-9", ""),),
        results=(iati.Result(""),),
        notes=(
            iati.DataNote(
                "activity-date", 18, "activity-date type 'start' is not listed", "dropped", "start"
            ),
        ),
    )
    counts = ActivityLoader().load([activity])
    assert (counts.created, counts.rejected) == (1, [])
    dates = re.search(r"<dt>Dates</dt><dd>(.*?)</dd>", page_text(client)).group(1)
    assert dates == "Planned start: 2010-01-01; Date of a type not given: 2010-04-01"


def test_the_admin_shows_an_activitys_notes(admin_client: Client):
    ActivityLoader().load([noted("XM-TEST-1", COUNTRY)])
    session = admin_client.session  # a superuser passes the protection second factor first
    session["protection_2fa"] = int(session["_auth_user_id"])
    session.save()
    pk = Activity.objects.get().pk
    page = admin_client.get(f"/admin/activities/activity/{pk}/change/").content.decode()
    assert "percentage 125 is above 100" in page
    listed = admin_client.get("/admin/activities/datanote/?action=dropped").content.decode()
    assert "recipient-country" in listed
