"""Per-activity rejections name file, line, identifier and element; reading goes on."""

from __future__ import annotations

import pytest

from parity.iati.model import Activity, RejectedActivity
from tests.iati.conftest import read_xml

GOOD = "<iati-activity><iati-identifier>OK</iati-identifier></iati-activity>"
TX = '<transaction><transaction-type code="{}"/><value>{}</value>{}</transaction>'

REJECTIONS = [
    # (activity body, element, reason fragment)
    (TX.format("Z", "1", ""), "transaction/transaction-type", "unknown transaction type 'Z'"),
    (TX.format("99", "1", ""), "transaction/transaction-type", "unknown transaction type"),
    ("<transaction><value>1</value></transaction>", "transaction/transaction-type", "no type"),
    (TX.format("3", "ten", ""), "transaction/value", "not a number"),
    (TX.format("3", "1.000,50", ""), "transaction/value", "not a number"),
    (TX.format("3", "NaN", ""), "transaction/value", "not a number"),
    (TX.format("3", "", ""), "transaction/value", "not a number"),
    ('<transaction><transaction-type code="3"/></transaction>', "transaction/value", "no value"),
    (
        TX.format("3", "1", '<transaction-date iso-date="2019-02-30"/>'),
        "transaction/transaction-date/@iso-date",
        "not a real date",
    ),
    (
        TX.format("3", "1", "<transaction-date>2019-02-30</transaction-date>"),
        "transaction/transaction-date",
        "not a real date",
    ),
    (
        TX.format("3", "1", '<transaction-date iso-date="soon"/>'),
        "transaction/transaction-date/@iso-date",
        "not an ISO date",
    ),
    (
        '<budget><period-start iso-date="2019-13-01"/><value>1</value></budget>',
        "budget/period-start/@iso-date",
        "not a real date",
    ),
    ("<budget><value>x</value></budget>", "budget/value", "not a number"),
    ('<sector code="11110" percentage="101"/>', "sector/@percentage", "not between 0 and 100"),
    ('<sector code="11110" percentage="-1"/>', "sector/@percentage", "not between 0 and 100"),
    (
        '<recipient-country code="KE" percentage="abc"/>',
        "recipient-country/@percentage",
        "not a number",
    ),
    ('<policy-marker vocabulary="1" significance="2"/>', "policy-marker/@code", "no code"),
    ('<activity-date type="1" iso-date="2019-02-30"/>', "activity-date/@iso-date", "real date"),
]


@pytest.mark.parametrize(("body", "element", "reason"), REJECTIONS)
def test_it_rejects_the_activity_and_reads_on(body: str, element: str, reason: str) -> None:
    xml = (
        f"<iati-activities>\n{GOOD}\n<iati-activity>\n"
        f"<iati-identifier>BAD-1</iati-identifier>\n{body}\n</iati-activity>\n{GOOD}\n"
        "</iati-activities>"
    )
    first, rejected, last = read_xml(xml, name="bad.xml")
    assert isinstance(first, Activity) and isinstance(last, Activity)
    assert isinstance(rejected, RejectedActivity)
    assert (rejected.file, rejected.identifier, rejected.element) == ("bad.xml", "BAD-1", element)
    assert rejected.line == 5  # the offending element's line
    assert reason in rejected.reason
    assert rejected.message().startswith("bad.xml:5: activity BAD-1: ")


def test_it_rejects_an_activity_without_identifier() -> None:
    (rejected,) = read_xml("<iati-activities>\n<iati-activity/></iati-activities>", name="f.xml")
    assert (rejected.element, rejected.line, rejected.identifier) == ("iati-identifier", 2, "")


def test_it_names_the_identifier_even_when_it_comes_after_the_problem() -> None:
    xml = (
        "<iati-activity>"
        + TX.format("Z", "1", "")
        + "<iati-identifier>LATE</iati-identifier></iati-activity>"
    )
    (rejected,) = read_xml(xml)
    assert rejected.identifier == "LATE"
