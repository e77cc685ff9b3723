"""The reader on every real and example file in ../shared/iati, checked against MANIFEST.md.

MANIFEST counts every iati-activity and its direct transaction/budget/policy-marker children.
The reader rejects activities without iati-identifier (early drafts), drops transactions
without a known transaction-type (with a note) and skips empty 1.0x policy-marker
placeholders, so the expected counts subtract what lies inside rejected activities, those
transactions and the placeholders, all counted here independently with plain lxml.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from parity.iati.errors import BrokenXMLError, NotIATIError
from parity.iati.model import Activity, RejectedActivity
from parity.iati.reader import read_activities
from tests.iati.conftest import IATI
from tests.iati.official_codes import official_codes

ROW = re.compile(r"^\| `([^`]+\.xml)` \|(.*)\|$")


def manifest_rows() -> list[tuple[str, list[str]]]:
    rows = []
    for folder in ("real", "examples"):
        manifest = IATI / folder / "MANIFEST.md"
        if not manifest.exists():
            continue
        for line in manifest.read_text("utf-8").splitlines():
            if match := ROW.match(line):
                cells = [cell.strip() for cell in match.group(2).split("|")]
                rows.append((f"{folder}/{match.group(1)}", cells))
    return rows


ROWS = manifest_rows()
COUNTED = [(path, cells) for path, cells in ROWS if cells[4] != "-" and cells[4] != "0"]
ORGANISATION_OR_OTHER = [(path, cells) for path, cells in ROWS if cells[4] == "0"]
UNPARSEABLE = [(path, cells) for path, cells in ROWS if cells[4] == "-"]


LETTERS_1X = ("IF", "C", "D", "E", "IR", "LR", "R", "QP", "QS", "CG")


def _type_code(transaction: etree._Element) -> str:
    kind = transaction.find("transaction-type")
    return "" if kind is None else (kind.get("code") or "").strip().upper()


def _independent_adjustments(path: Path, rejected: list[RejectedActivity]) -> tuple[int, ...]:
    tree = etree.parse(str(path))
    activities = list(tree.iter("iati-activity"))
    # A rejection names the line of the offending element: find the activity holding it.
    starts = [activity.sourceline for activity in activities]
    hit = {bisect.bisect_right(starts, r.line) - 1 for r in rejected}
    in_rejected = [0, 0, 0]
    placeholders = 0
    # 2.03 codes, and the 1.0x letters (IF, C, D, E, IR, LR, R, QP, QS, CG) they upgrade from.
    known = (official_codes("TransactionType") or frozenset()) | set(LETTERS_1X)
    for index, activity in enumerate(activities):
        if index in hit:
            for i, tag in enumerate(("transaction", "budget", "policy-marker")):
                in_rejected[i] += len(activity.findall(tag))
        else:
            in_rejected[0] += sum(
                1 for t in activity.findall("transaction") if _type_code(t) not in known
            )
            placeholders += sum(
                1
                for m in activity.findall("policy-marker")
                if not any((m.get(a) or "").strip() for a in ("code", "significance", "vocabulary"))
            )
    return (*in_rejected, placeholders)


@pytest.mark.parametrize(("relative", "cells"), COUNTED, ids=[p for p, _ in COUNTED])
def test_it_counts_what_the_manifest_counts(relative: str, cells: list[str]) -> None:
    path = IATI / relative
    activities, transactions, budgets, markers = (int(cells[i]) for i in range(4, 8))
    items = list(read_activities(path))
    accepted = [i for i in items if isinstance(i, Activity)]
    rejected = [i for i in items if isinstance(i, RejectedActivity)]
    tx_out, budgets_out, markers_out, placeholders = _independent_adjustments(path, rejected)
    assert len(items) == activities
    assert sum(len(a.transactions) for a in accepted) == transactions - tx_out
    assert sum(len(a.budgets) for a in accepted) == budgets - budgets_out
    assert sum(len(a.policy_markers) for a in accepted) == markers - markers_out - placeholders


IDENTIFIER = "iati-identifier"
# Files where the reader refuses activities: only ever for want of an iati-identifier.
EXPECTED_REJECTIONS = {
    # Early drafts: no iati-identifier (many also have transactions without transaction-type).
    "real/IATI-Schemas/test-data-activities/ocha-test-data.xml": (287, {IDENTIFIER}),
    "real/IATI-Schemas/test-data-activities/worldbank.xml": (16, {IDENTIFIER}),
    "real/IATI-Schemas/test-data-activities/worked-example.xml": (0, set()),
    "real/pyIATI/test_data-2-02/valid_iati.xml": (1, {IDENTIFIER}),
    "real/pyIATI/test_data-2-02/ruleset-std/invalid_std_ruleset_does_not_sum_100.xml": (0, set()),
    "real/IATI-Datastore/iatilib-test-fixtures/CD.xml": (0, set()),
    "real/D-Portal/dflat-downloads/activities.xml": (0, set()),
}


@pytest.mark.parametrize(("relative", "expected"), EXPECTED_REJECTIONS.items())
def test_it_rejects_known_bad_activities_by_name(relative: str, expected: tuple) -> None:
    count, elements = expected
    rejected = [i for i in read_activities(IATI / relative) if isinstance(i, RejectedActivity)]
    assert len(rejected) == count
    for item in rejected:
        assert item.element in elements
        assert item.file == Path(relative).name and item.line


# The activities rejected whole before data notes (issue 16), now kept: the notes on the part
# that got them rejected, as (part, line, action, value), read off the files by hand.
WORKED_EXAMPLE = "real/IATI-Schemas/test-data-activities/worked-example.xml"
SUM_100 = "real/pyIATI/test_data-2-02/ruleset-std/invalid_std_ruleset_does_not_sum_100.xml"
KEPT_WITH_NOTES = {
    # Pre-1.0 draft: <transaction type="contribution"> (an attribute, no transaction-type);
    # activity-date types "start" and "completion" are no ActivityDateType codes; the
    # related-activity type "sibling" is the name of RelatedActivityType 3.
    (WORKED_EXAMPLE, "http://www.example.org/activities/12345.xml"): [
        ("activity-date", 18, "dropped", "start"),
        ("activity-date", 19, "dropped", "completion"),
        ("related-activity", 36, "mapped", "sibling"),
        ("transaction", 55, "dropped", ""),
        ("transaction", 63, "dropped", ""),
    ],
    # recipient-country AF percentage="125" (AX 75).
    (SUM_100, "AA-AAA-123456789-ABC123"): [("recipient-country", 19, "dropped", "125")],
}


@pytest.mark.parametrize(("key", "expected"), KEPT_WITH_NOTES.items())
def test_it_keeps_the_activities_once_rejected_for_one_bad_part(key, expected) -> None:
    relative, identifier = key
    (activity,) = read_activities(IATI / relative)
    assert isinstance(activity, Activity) and activity.identifier == identifier
    assert [(n.part, n.line, n.action, n.value) for n in activity.notes] == expected


def test_it_keeps_the_recipient_countries_of_the_sum_100_file() -> None:
    (activity,) = read_activities(IATI / SUM_100)
    countries = [(c.code, c.percentage) for c in activity.recipient_countries]
    assert countries == [("AF", None), ("AX", Decimal(75))]


def test_it_keeps_both_frankenstein_activities_without_their_text_transactions() -> None:
    """Both activities hold two transactions with transaction-type code="TEXT" (lines 271,
    310; 2567, 2606); every code in the file is the placeholder "TEXT"."""
    items = []
    with pytest.raises(BrokenXMLError):
        items.extend(read_activities(IATI / "real/D-Portal/dflat-json/frankenstein.xml"))
    assert [a.identifier for a in items] == ["text", "text"]
    dropped = [[(n.line, n.value) for n in a.notes if n.part == "transaction"] for a in items]
    assert dropped == [[(271, "TEXT"), (310, "TEXT")], [(2567, "TEXT"), (2606, "TEXT")]]
    assert all(a.transactions == () for a in items)


@pytest.mark.parametrize(
    ("relative", "cells"), ORGANISATION_OR_OTHER, ids=[p for p, _ in ORGANISATION_OR_OTHER]
)
def test_it_refuses_files_that_are_not_activity_files(relative: str, cells: list[str]) -> None:
    with pytest.raises(NotIATIError, match=re.escape(Path(relative).name)):
        list(read_activities(IATI / relative))


# MANIFEST's unparseable files: the error each one gives, with its line (and column).
UNPARSEABLE_ERRORS = {
    "broken.xml": (BrokenXMLError, 4),
    "frankenstein.xml": (BrokenXMLError, 2299),
    "invalid.xml": (NotIATIError, None),  # plain text
    "leading_whitespace_xml.xml": (BrokenXMLError, 4),
    "valid-UTF-16BE.xml": (BrokenXMLError, 1),  # double BOM
    "valid-UTF-32.xml": (BrokenXMLError, 1),
    "valid-windows-1252.xml": (BrokenXMLError, 7),  # no encoding declaration
}


@pytest.mark.parametrize(("relative", "cells"), UNPARSEABLE, ids=[p for p, _ in UNPARSEABLE])
def test_it_raises_a_named_error_for_unparseable_files(relative: str, cells: list[str]) -> None:
    name = Path(relative).name
    error, line = UNPARSEABLE_ERRORS[name]
    with pytest.raises(error, match=re.escape(name)) as info:
        list(read_activities(IATI / relative))
    assert info.value.file == name
    if line is not None:
        assert (info.value.line, info.value.column > 0) == (line, True)


def test_it_yields_the_activities_before_the_break_in_frankenstein() -> None:
    items = []
    with pytest.raises(BrokenXMLError) as info:
        for item in read_activities(IATI / "real/D-Portal/dflat-json/frankenstein.xml"):
            items.append(item)
    assert info.value.line == 2299 and info.value.column == 313
    assert len(items) == 2  # both complete activities before line 2299 (placeholder codes)


def test_it_reads_a_dfid_activity_in_cd_xml() -> None:
    path = IATI / "real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
    activity = next(a for a in read_activities(path) if a.identifier == "GB-1-105838-101")
    tx = activity.transactions[0]
    tree = etree.parse(str(path))
    (source,) = tree.xpath("//iati-activity[iati-identifier='GB-1-105838-101']")
    first = source.find("transaction")
    assert activity.iati_version == "1.01" and activity.default_currency == "GBP"
    assert (
        tx.type
        == {"D": "3", "C": "2", "E": "4", "IF": "1"}[first.find("transaction-type").get("code")]
    )
    assert tx.value == Decimal(first.findtext("value").strip())
    assert tx.currency == "GBP"
    assert tx.date == date.fromisoformat(first.find("transaction-date").get("iso-date"))
    assert activity.reporting_org.ref == "GB-1"


def test_it_reads_big_values_exactly() -> None:
    path = IATI / "real/IATI-Datastore/iatilib-test-fixtures/big_value.xml"
    values = [t.value for a in read_activities(path) for t in a.transactions]
    assert Decimal("2663000000") in values


def test_it_reads_broken_activity_01() -> None:
    path = IATI / "real/IATI-Datastore/iatilib-test-fixtures/broken_activity_01.xml"
    (activity,) = read_activities(path)
    (tx,) = activity.transactions
    assert activity.identifier == "41114-00073223"
    assert (tx.type, tx.value, tx.currency) == ("4", 289808, "USD")
    assert (tx.date, tx.date_text, tx.value_date) == (None, "2010", date(2010, 12, 31))
    assert activity.collaboration_type == "4" and activity.default_aid_types == ("C01",)


def test_it_reads_the_official_203_example() -> None:
    folder = IATI / "examples/IATI-Extra-Documentation/version-2.03"
    path = folder / "activity-standard-example-annotated.xml"
    (activity,) = read_activities(path)
    assert activity.iati_version == "2.03"
    assert activity.gender_marker() is None or activity.gender_marker().vocabulary == "1"
    assert activity.results and activity.results[0].indicators[0].periods
    assert activity.transactions[0].provider.activity_id
