"""Only an activity without an iati-identifier is rejected; a bad part is dropped, mapped or
kept as given, with a data note naming the element, its line, the problem and the value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parity.iati.model import Activity, DataNote, RejectedActivity
from tests.iati.conftest import one_activity, read_xml

GOOD = "<iati-activity><iati-identifier>OK</iati-identifier></iati-activity>"
TX = '<transaction><transaction-type code="{}"/><value>{}</value>{}</transaction>'
DROPPED, KEPT, MAPPED = "dropped", "kept as given", "mapped"

NOTES = [
    # (activity body, part, problem, action, value)
    (TX.format("Z", "1", ""), "transaction", "transaction type 'Z' is not in the", DROPPED, "Z"),
    (TX.format("99", "1", ""), "transaction", "transaction type '99' is not in", DROPPED, "99"),
    ("<transaction><value>1</value></transaction>", "transaction", "has no type", DROPPED, ""),
    (TX.format("3", "ten", ""), "transaction", "value 'ten' is not a number", DROPPED, "ten"),
    (TX.format("3", "1.000,50", ""), "transaction", "not a number", DROPPED, "1.000,50"),
    (TX.format("3", "NaN", ""), "transaction", "value 'NaN' is not a number", DROPPED, "NaN"),
    (TX.format("3", "", ""), "transaction", "value '' is not a number", DROPPED, ""),
    (
        '<transaction><transaction-type code="3"/></transaction>',
        "transaction",
        "no value",
        DROPPED,
        "",
    ),
    (
        TX.format("3", "1", '<transaction-date iso-date="2019-02-30"/>'),
        "transaction",
        "transaction-date '2019-02-30' is not a real date",
        DROPPED,
        "2019-02-30",
    ),
    (
        TX.format("3", "1", "<transaction-date>2019-02-30</transaction-date>"),
        "transaction",
        "transaction-date '2019-02-30' is not a real date",
        KEPT,
        "2019-02-30",
    ),
    (
        TX.format("3", "1", '<transaction-date iso-date="soon"/>'),
        "transaction",
        "transaction-date 'soon' is not an ISO date",
        DROPPED,
        "soon",
    ),
    (
        '<budget><period-start iso-date="2019-13-01"/><value>1</value></budget>',
        "budget",
        "period-start '2019-13-01' is not a real date",
        DROPPED,
        "2019-13-01",
    ),
    ("<budget><value>x</value></budget>", "budget", "value 'x' is not a number", DROPPED, "x"),
    ('<budget type="7"><value>1</value></budget>', "budget", "type '7' is not in", DROPPED, "7"),
    (
        '<sector code="11110" percentage="101"/>',
        "sector",
        "percentage 101 is above 100",
        DROPPED,
        "101",
    ),
    ('<sector code="11110" percentage="-1"/>', "sector", "percentage -1 is below 0", DROPPED, "-1"),
    (
        '<recipient-country code="KE" percentage="125"/>',
        "recipient-country",
        "percentage 125 is above 100",
        DROPPED,
        "125",
    ),
    (
        '<recipient-country code="KE" percentage="abc"/>',
        "recipient-country",
        "percentage 'abc' is not a number",
        DROPPED,
        "abc",
    ),
    ('<policy-marker vocabulary="1" significance="2"/>', "policy-marker", "no code", DROPPED, ""),
    (
        '<activity-date type="1" iso-date="2019-02-30"/>',
        "activity-date",
        "activity-date '2019-02-30' is not a real date",
        KEPT,
        "2019-02-30",
    ),
    ('<result type="7"/>', "result", "result type '7' is not in the ResultType", DROPPED, "7"),
    ("<result/>", "result", "result has no type", KEPT, ""),
    ('<recipient-country code="UK"/>', "recipient-country", "code 'UK' is not in", KEPT, "UK"),
    ('<activity-status code="9"/>', "activity-status", "code '9' is not in", DROPPED, "9"),
    (
        '<participating-org role="donor" ref="XM-2"/>',
        "participating-org",
        "role 'donor' is not in the OrganisationRole codelist",
        DROPPED,
        "donor",
    ),
]


@pytest.mark.parametrize(("body", "part", "problem", "action", "value"), NOTES)
def test_it_keeps_the_activity_with_a_note_on_the_bad_part(
    body: str, part: str, problem: str, action: str, value: str
) -> None:
    xml = (
        f"<iati-activities>\n{GOOD}\n<iati-activity>\n"
        f"<iati-identifier>BAD-1</iati-identifier>\n{body}\n</iati-activity>\n{GOOD}\n"
        "</iati-activities>"
    )
    first, kept, last = read_xml(xml, name="bad.xml")
    assert isinstance(first, Activity) and isinstance(last, Activity)
    assert isinstance(kept, Activity) and kept.identifier == "BAD-1"
    (found,) = kept.notes
    assert (found.part, found.line, found.action, found.value) == (part, 5, action, value)
    assert problem in found.problem


def test_a_transaction_without_type_is_dropped_and_the_others_kept() -> None:
    activity = one_activity(
        TX.format("3", "10", "")
        + "<transaction><value>5</value></transaction>"
        + TX.format("D", "20", "")
    )
    assert [(t.type, t.value) for t in activity.transactions] == [("3", 10), ("3", 20)]
    assert [n.problem for n in activity.notes] == ["transaction has no type"]


def test_a_percentage_of_125_is_dropped_and_the_country_kept() -> None:
    activity = one_activity(
        '<recipient-country code="AF" percentage="125"/>'
        '<recipient-country code="AX" percentage="75"/>'
    )
    codes = [(c.code, c.percentage) for c in activity.recipient_countries]
    assert codes == [("AF", None), ("AX", Decimal(75))]
    assert activity.notes == (
        DataNote("recipient-country", 1, "percentage 125 is above 100", DROPPED, "125"),
    )


def test_an_impossible_date_is_kept_as_text() -> None:
    activity = one_activity(
        '<activity-date type="2" iso-date="2019-02-30"/>'
        + TX.format("3", "1", "<transaction-date>2019-02-30</transaction-date>")
    )
    (when,) = activity.dates
    assert (when.type, when.iso_date, when.text) == ("2", None, "2019-02-30")
    (tx,) = activity.transactions
    assert (tx.date, tx.date_text) == (None, "2019-02-30")


@pytest.mark.parametrize(
    ("body", "read", "problem"),
    [
        (
            '<reporting-org ref="XM-9" type="Multilateral"/>',
            lambda a: a.reporting_org.type,
            "reporting-org type 'Multilateral' is a 1.0x word; read as OrganisationType 40",
        ),
        (
            '<participating-org role="1" type="Government"/>',
            lambda a: a.participating_orgs[0].org.type,
            "participating-org type 'Government' is a 1.0x word; read as OrganisationType 10",
        ),
        (
            '<budget type="Revised"><value>1</value></budget>',
            lambda a: a.budgets[0].type,
            "budget type 'Revised' is a 1.0x word; read as BudgetType 2",
        ),
        (
            '<result type="Outcome"/>',
            lambda a: a.results[0].type,
            "result type 'Outcome' is a 1.0x word; read as ResultType 2",
        ),
        (
            '<description type="Objectives">Aim</description>',
            lambda a: a.descriptions[0].type,
            "description type 'Objectives' is a 1.0x word; read as DescriptionType 2",
        ),
    ],
)
def test_a_1x_word_is_mapped_to_its_code_with_a_note(body, read, problem) -> None:
    activity = one_activity(body)  # a second reporting-org: the later one is read
    word = problem.split("'")[1]
    mapped = problem.rsplit(" ", 1)[1]
    assert read(activity) == mapped
    assert [(n.problem, n.action, n.value) for n in activity.notes] == [(problem, MAPPED, word)]


def test_an_unknown_organisation_type_is_kept_as_given_untruncated() -> None:
    given = "Donor Country Based NGO " * 10
    activity = one_activity(f'<participating-org role="1" ref="XM-2" type="{given}"/>')
    assert activity.participating_orgs[0].org.type == given.strip()
    (found,) = activity.notes
    assert (found.action, found.value) == (KEPT, given.strip())


def test_a_word_repeated_on_every_transaction_is_one_note() -> None:
    tx = TX.format("3", "1", '<provider-org ref="XM-2" type="Multilateral"/>')
    activity = one_activity(tx * 3)
    assert [t.provider.type for t in activity.transactions] == ["40"] * 3
    (found,) = activity.notes
    assert (found.part, found.action, found.value) == ("transaction", MAPPED, "Multilateral")


def test_a_clean_activity_has_no_notes() -> None:
    activity = one_activity(
        '<recipient-country code="KE" percentage="100"/><budget type="1" status="2">'
        '<period-start iso-date="2019-01-01"/><value value-date="2019-01-01">1</value></budget>'
        + TX.format("3", "1", '<transaction-date iso-date="2019-06-30"/>')
    )
    assert activity.notes == ()
    assert activity.transactions[0].date == date(2019, 6, 30)


def test_it_rejects_an_activity_without_identifier() -> None:
    (rejected,) = read_xml("<iati-activities>\n<iati-activity/></iati-activities>", name="f.xml")
    assert isinstance(rejected, RejectedActivity)
    assert (rejected.element, rejected.line, rejected.identifier) == ("iati-identifier", 2, "")
    assert rejected.message() == "f.xml:2: activity (no identifier): iati-identifier: " + (
        "activity has no iati-identifier"
    )


def test_an_activity_without_identifier_is_rejected_whatever_else_is_wrong() -> None:
    xml = "<iati-activities>\n<iati-activity>" + TX.format("Z", "1", "") + "</iati-activity>"
    (rejected,) = read_xml(xml + "</iati-activities>")
    assert isinstance(rejected, RejectedActivity) and rejected.element == "iati-identifier"
