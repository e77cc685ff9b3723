"""The IATI 2.03 writer: schema validity, element order, renderings of missing pieces."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from parity.iati.model import (
    ActivityDate,
    Baseline,
    Budget,
    Description,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    Narrative,
    OrgRef,
    ParticipatingOrg,
    PeriodValue,
    PolicyMarker,
    RecipientCountry,
    Result,
    Transaction,
)
from parity.iati.validation import validate_activities_xml
from parity.iati.writer import write_activities
from tests.iati.writer_support import GENERATED, SCHEMA_203, export, full, minimal

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def test_it_writes_a_full_activity_that_validates() -> None:
    xml = export(full())
    assert validate_activities_xml(xml, SCHEMA_203) == []


def test_it_writes_the_root_and_returns_the_count() -> None:
    out = io.BytesIO()
    assert write_activities([full(), minimal()], out, generated=GENERATED) == 2
    root = parse(out.getvalue())
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2024-05-01T12:00:00+00:00"
    assert [a.findtext("iati-identifier") for a in root] == ["XM-DAC-1-PRJ-0001", "XM-DAC-1-1"]


def test_it_defaults_generated_datetime_to_now() -> None:
    out = io.BytesIO()
    write_activities([minimal()], out)
    assert parse(out.getvalue()).get("generated-datetime")


def test_it_writes_children_in_schema_order() -> None:
    activity = parse(export(full()))[0]
    tags = [child.tag for child in activity if isinstance(child.tag, str)]
    assert tags == [
        "iati-identifier", "reporting-org", "title", "description", "description",
        "participating-org", "participating-org", "activity-status",
        "activity-date", "activity-date", "activity-date", "activity-scope",
        "recipient-country", "recipient-country", "recipient-region", "location",
        "sector", "sector", "policy-marker", "policy-marker", "collaboration-type",
        "default-flow-type", "default-finance-type", "default-aid-type", "default-aid-type",
        "default-tied-status", "budget", "budget", "transaction", "transaction",
        "document-link", "related-activity", "result",
    ]  # fmt: skip


def test_it_writes_activity_attributes_and_narratives_with_lang() -> None:
    activity = parse(export(full()))[0]
    assert activity.get("last-updated-datetime") == "2024-03-01T09:30:00Z"
    assert activity.get(XML_LANG) == "en"
    assert activity.get("default-currency") == "EUR"
    assert activity.get("humanitarian") == "0"
    titles = activity.findall("title/narrative")
    assert [(n.text, n.get(XML_LANG)) for n in titles] == [
        ("Girls' secondary education", "en"),
        ("Éducation", "fr"),
    ]


def test_it_writes_a_transaction_in_schema_order() -> None:
    transaction = parse(export(full()))[0].find("transaction")
    assert [child.tag for child in transaction] == [
        "transaction-type", "transaction-date", "value", "description", "provider-org",
        "receiver-org", "disbursement-channel", "sector", "recipient-country", "flow-type",
        "finance-type", "aid-type", "tied-status",
    ]  # fmt: skip
    value = transaction.find("value")
    assert (value.text, value.get("currency"), value.get("value-date")) == (
        "1500000.50",
        "EUR",
        "2020-01-15",
    )
    assert transaction.find("provider-org").get("provider-activity-id") == "A"
    assert transaction.find("receiver-org").get("receiver-activity-id") == "XM-X-1"


def test_it_writes_result_parts_in_schema_order() -> None:
    indicator = parse(export(full()))[0].find("result/indicator")
    assert [child.tag for child in indicator] == ["title", "description", "baseline", "period"]
    assert [c.tag for c in indicator.find("baseline")] == ["dimension", "comment"]
    assert [c.tag for c in indicator.find("period")] == [
        "period-start", "period-end", "target", "actual", "actual",
    ]  # fmt: skip
    assert [c.tag for c in indicator.find("period/target")] == ["dimension", "comment"]
    dimension = indicator.find("period/target/dimension")
    assert (dimension.get("name"), dimension.get("value")) == ("Sex", "Women")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2663000000"), "2663000000"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.5E-7"), "0.00000015"),
        (Decimal("-250.00"), "-250.00"),
        (Decimal("0"), "0"),
    ],
)
def test_it_writes_decimals_without_exponent(value: Decimal, text: str) -> None:
    transaction = Transaction("3", date(2020, 1, 1), value, "EUR", date(2020, 1, 1))
    xml = export(minimal(transactions=(transaction,)))
    assert parse(xml).findtext("iati-activity/transaction/value") == text
    assert validate_activities_xml(xml, SCHEMA_203) == []


def test_an_activity_with_nearly_everything_missing_validates() -> None:
    xml = export(minimal())
    assert validate_activities_xml(xml, SCHEMA_203) == []
    activity = parse(xml)[0]
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("", "")
    assert activity.find("title/narrative").text is None
    assert activity.find("description/narrative").text is None
    assert activity.find("participating-org").attrib == {"role": ""}
    assert activity.find("activity-status").get("code") == ""
    # No date anywhere: the export date, flagged in a comment.
    assert activity.find("activity-date").attrib == {"type": "1", "iso-date": "2024-05-01"}
    assert "activity-date" in activity.xpath("comment()")[0].text


DAY = date(2021, 3, 4)
LATER = date(2021, 9, 30)


# One row per gap the 2.03 schema does not allow: the activity, an XPath, the expected value.
# fmt: off
GAPS = [
    pytest.param(
        minimal(transactions=(Transaction("3", None, Decimal(5), "EUR", DAY),)),
        "string(transaction/transaction-date/@iso-date)", "2021-03-04",
        id="transaction-date-from-value-date",
    ),
    pytest.param(
        minimal(transactions=(Transaction("3", DAY, Decimal(5), "EUR", None),)),
        "string(transaction/value/@value-date)", "2021-03-04",
        id="value-date-from-transaction-date",
    ),
    pytest.param(
        minimal(
            dates=(ActivityDate("2", DAY),),
            transactions=(Transaction("3", None, Decimal(5), "", None),),
        ),
        "string(transaction/transaction-date/@iso-date)", "2021-03-04",
        id="undated-transaction-gets-earliest-activity-date",
    ),
    pytest.param(
        minimal(budgets=(Budget(None, LATER, Decimal(9), "USD", None),)),
        "concat(budget/period-start/@iso-date, ' ', budget/value/@value-date)",
        "2021-09-30 2021-09-30",
        id="budget-without-start",
    ),
    pytest.param(
        minimal(budgets=(Budget(DAY, None, Decimal(9), "USD", LATER),)),
        "string(budget/period-end/@iso-date)", "2021-03-04",
        id="budget-without-end",
    ),
    pytest.param(
        minimal(dates=(ActivityDate("2", DAY), ActivityDate("3", None, "2023"))),
        "concat(activity-date[2]/@iso-date, ' ', activity-date[2]/narrative)",
        "2021-03-04 2023",
        id="undated-activity-date-keeps-text",
    ),
    pytest.param(
        minimal(
            dates=(ActivityDate("1", None),),
            budgets=(Budget(DAY, LATER, Decimal(1), "USD", DAY),),
        ),
        "string(activity-date/@iso-date)", "2021-03-04",
        id="undated-start-takes-earliest",
    ),
    pytest.param(
        minimal(
            dates=(ActivityDate("4", None),),
            budgets=(Budget(DAY, LATER, Decimal(1), "USD", DAY),),
        ),
        "string(activity-date/@iso-date)", "2021-09-30",
        id="undated-end-takes-latest",
    ),
    pytest.param(
        minimal(last_updated="2013-11-26"),
        "concat(@last-updated-datetime, ' ', activity-date/@iso-date)",
        "2013-11-26T00:00:00 2013-11-26",
        id="date-only-last-updated",
    ),
    pytest.param(
        minimal(last_updated="2013-11-26 18:21:18"),
        "string(@last-updated-datetime)", "2013-11-26T18:21:18",
        id="space-separated-last-updated",
    ),
    pytest.param(
        minimal(last_updated="yesterday"),
        "count(@last-updated-datetime)", 0.0,
        id="unreadable-last-updated-dropped",
    ),
    pytest.param(
        minimal(participating_orgs=(ParticipatingOrg(OrgRef(names=(Narrative("X"),)), ""),)),
        "string(participating-org/@role)", "",
        id="participating-org-without-role",
    ),
    pytest.param(
        minimal(descriptions=(Description("2"),)),
        "concat(description/@type, count(description/narrative))", "21",
        id="description-without-text",
    ),
    pytest.param(
        minimal(document_links=(DocumentLink(url="http://example.org/a"),)),
        "concat(document-link/@format, '|', document-link/category/@code, '|',"
        " count(document-link/title/narrative))",
        "||1",
        id="document-link-without-format-category-title",
    ),
    pytest.param(
        minimal(results=(Result("1"),)),
        "concat(count(result/title/narrative), count(result/indicator), result/indicator/@measure)",
        "11",
        id="result-without-title-or-indicator",
    ),
    pytest.param(
        minimal(
            results=(
                Result(
                    "1",
                    indicators=(
                        Indicator(
                            "1",
                            baselines=(Baseline(None, DAY, Decimal(3)),),
                            periods=(IndicatorPeriod(None, LATER, (PeriodValue(Decimal(1)),)),),
                        ),
                    ),
                ),
            )
        ),
        "concat(result/indicator/baseline/@year, ' ',"
        " result/indicator/period/period-start/@iso-date)",
        "2021 2021-09-30",
        id="baseline-year-and-period-start",
    ),
    pytest.param(
        minimal(policy_markers=(PolicyMarker("1", None),)),
        "concat(policy-marker/@vocabulary, count(policy-marker/@significance))", "10",
        id="policy-marker-without-significance",
    ),
    pytest.param(
        minimal(locations=(Location(ref="L", latitude=Decimal("1.5")),)),
        "count(location/point)", 0.0,
        id="location-with-one-coordinate",
    ),
    pytest.param(
        minimal(recipient_countries=(RecipientCountry("KE"),)),
        "count(recipient-country/@percentage)", 0.0,
        id="country-without-percentage",
    ),
]
# fmt: on


@pytest.mark.parametrize(("activity", "xpath", "expected"), GAPS)
def test_it_renders_missing_required_pieces_validly(
    activity: object, xpath: str, expected: object
) -> None:
    xml = export(activity)  # type: ignore[arg-type]
    assert validate_activities_xml(xml, SCHEMA_203) == []
    assert parse(xml)[0].xpath(xpath) == expected


def test_it_flags_every_filled_in_date_with_a_comment() -> None:
    activity = minimal(
        dates=(ActivityDate("2", DAY),),
        transactions=(Transaction("3", None, Decimal(5), "EUR", DAY, ref="T9"),),
    )
    comments = [c.text for c in parse(export(activity))[0].xpath("comment()")]
    assert comments == [
        " parity export: transaction 'T9': no transaction-date; 2021-03-04 filled in "
    ]


def test_a_complete_activity_gets_no_comment() -> None:
    assert parse(export(full()))[0].xpath("comment()") == []


def test_it_never_changes_money() -> None:
    activity = replace(full(), transactions=(Transaction("3", None, Decimal("1E+2"), "", None),))
    assert parse(export(activity)).findtext("iati-activity/transaction/value") == "100"


def test_it_writes_an_empty_iterable_as_an_empty_root() -> None:
    out = io.BytesIO()
    assert write_activities([], out, generated=GENERATED) == 0
    assert len(parse(out.getvalue())) == 0
