"""Read, write, read again: every activity file in the shared IATI data comes back the same.

"The same" is: the re-read Activity equals the original after :func:`conform` (the documented
fill-ins), with ``iati_version`` "2.03" (the export is a 2.03 file), every field compared. The
tests at the end pin the reader rules that make this hold: an activity-date's narrative is its
text, and the writer's empty placeholders (description, participating-org, category) read as
nothing.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from decimal import Decimal
from fnmatch import fnmatch

import pytest

from parity.iati.conform import conform
from parity.iati.errors import BrokenXMLError, IATIFileError, NotIATIError
from parity.iati.model import (
    Activity,
    ActivityDate,
    DocumentLink,
    RejectedActivity,
    Transaction,
)
from parity.iati.reader import read_activities
from parity.iati.validation import validate_activities_xml
from parity.iati.writer import write_activities
from tests.iati.writer_support import GENERATED, SCHEMA_203, SHARED, export, minimal

IATI = SHARED / "iati"
FILES = sorted(
    path.relative_to(IATI).as_posix()
    for folder in ("real", "examples")
    for path in (IATI / folder).rglob("*.xml")
)

# Every file the reader must refuse, and how. Any file not matched here must be read.
REFUSED: dict[str, type[IATIFileError]] = {
    "examples/*/organisation-standard-example-annotated*.xml": NotIATIError,
    "examples/*/*/organisation-standard-example-annotated.xml": NotIATIError,
    "real/D-Portal/dflat-json/frankenstein.xml": BrokenXMLError,  # undefined namespace prefix
    "real/IATI-Datastore/iatilib-test-fixtures/broken.xml": BrokenXMLError,  # truncated
    "real/pyIATI/*/invalid.xml": NotIATIError,  # plain text
    "real/pyIATI/*/leading_whitespace_xml.xml": BrokenXMLError,
    "real/pyIATI/test_data-version_independent/ruleset/*.xml": NotIATIError,  # <root_element>
    "real/pyIATI/test_data-version_independent/valid_not_iati.xml": NotIATIError,
    # Encodings libxml2 cannot read (double BOM, UTF-32, undeclared windows-1252).
    "real/pyIATI/*/dataset-encoding/valid-UTF-16BE.xml": BrokenXMLError,
    "real/pyIATI/*/dataset-encoding/valid-UTF-32.xml": BrokenXMLError,
    "real/pyIATI/*/dataset-encoding/valid-windows-1252.xml": BrokenXMLError,
}


def refusal(name: str) -> type[IATIFileError] | None:
    return next((error for pattern, error in REFUSED.items() if fnmatch(name, pattern)), None)


def test_the_shared_data_is_there() -> None:
    assert len(FILES) > 90
    assert all(any(fnmatch(name, pattern) for name in FILES) for pattern in REFUSED)


def differences(expected: object, actual: object, path: str = "activity") -> Iterator[str]:
    """Field-by-field differences, as readable paths (dataclass equality says only "no")."""
    if dataclasses.is_dataclass(expected) and type(expected) is type(actual):
        for field in dataclasses.fields(expected):
            if field.compare:
                yield from differences(
                    getattr(expected, field.name), getattr(actual, field.name),
                    f"{path}.{field.name}",
                )  # fmt: skip
    elif isinstance(expected, tuple) and isinstance(actual, tuple) and len(expected) == len(actual):
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            yield from differences(left, right, f"{path}[{index}]")
    elif expected != actual:
        yield f"{path}: {expected!r} != {actual!r}"


def round_trip(activities: list[Activity]) -> tuple[bytes, list[Activity | RejectedActivity]]:
    out = io.BytesIO()
    assert write_activities(activities, out, generated=GENERATED) == len(activities)
    xml = out.getvalue()
    return xml, list(read_activities(io.BytesIO(xml), name="export.xml"))


@pytest.mark.parametrize("name", FILES)
def test_every_activity_file_round_trips(name: str) -> None:
    path = IATI / name
    error = refusal(name)
    if error is not None:
        with pytest.raises(error):
            list(read_activities(path))
        return
    items = list(read_activities(path))
    activities = [a for a in items if isinstance(a, Activity)]
    if not activities:
        # e.g. pyIATI's samples with an empty iati-identifier: the reader refuses each one.
        assert items
        assert all(isinstance(item, RejectedActivity) for item in items)
        return
    xml, reread = round_trip(activities)
    assert validate_activities_xml(xml, SCHEMA_203) == []
    assert len(reread) == len(activities)
    problems = []
    for original, again in zip(activities, reread, strict=True):
        assert isinstance(again, Activity), again
        expected = conform(original, export_date=GENERATED.date()).activity
        expected = dataclasses.replace(expected, iati_version="2.03")
        problems += differences(expected, again, original.identifier)
    assert problems == []


def reread_one(activity: Activity) -> Activity:
    (again,) = read_activities(io.BytesIO(export(activity)), name="export.xml")
    assert isinstance(again, Activity), again
    return again


def test_reader_reads_the_activity_date_narrative_as_its_text() -> None:
    activity = minimal(dates=(ActivityDate("3", GENERATED.date(), "Closing date of project"),))
    assert reread_one(activity).dates == activity.dates


def test_reader_reads_an_empty_description_as_none() -> None:
    assert reread_one(minimal(descriptions=())).descriptions == ()


def test_reader_reads_an_empty_participating_org_as_none() -> None:
    assert reread_one(minimal(participating_orgs=())).participating_orgs == ()


def test_reader_reads_an_empty_category_as_none() -> None:
    link = DocumentLink(url="http://example.org/a", format="text/html")
    assert reread_one(minimal(document_links=(link,))).document_links == (link,)


def test_a_transaction_with_only_a_value_date_round_trips_to_that_date() -> None:
    transaction = Transaction("3", None, Decimal(5), "EUR", GENERATED.date(), date_text="2024")
    again = reread_one(minimal(transactions=(transaction,)))
    assert again.transactions[0].date == GENERATED.date()
    assert again.transactions[0].date_text == ""
