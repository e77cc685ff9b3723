"""Unsafe XML is refused before anything is yielded; broken and non-IATI input is named."""

from __future__ import annotations

import io

import pytest

from parity.iati.errors import (
    BrokenXMLError,
    ElementTooLargeError,
    IATIFileError,
    NotIATIError,
    UnsafeXMLError,
)
from parity.iati.model import Activity, RejectedActivity
from parity.iati.reader import read_activities
from tests.iati.conftest import read_xml

ACTIVITY = "<iati-activity><iati-identifier>A</iati-identifier><title>{}</title></iati-activity>"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]><iati-activities>"
    + ACTIVITY.format("&lol9;")
    + "</iati-activities>"
).replace("&lol0;", "&lol;")

UNSAFE = {
    "billion laughs": BILLION_LAUGHS,
    "external entity file": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
    '"file:///etc/passwd">]><iati-activities>' + ACTIVITY.format("&e;") + "</iati-activities>",
    "external entity http": '<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.com/x">]>'
    "<iati-activities>" + ACTIVITY.format("&e;") + "</iati-activities>",
    "external DTD only": '<!DOCTYPE iati-activities SYSTEM "http://example.com/iati.dtd">'
    "<iati-activities>" + ACTIVITY.format("t") + "</iati-activities>",
    "internal DTD only": "<!-- c --><!DOCTYPE iati-activities []><iati-activities>"
    + ACTIVITY.format("t")
    + "</iati-activities>",
    "parameter entity": '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
    "<iati-activities/>",
    "XInclude on root": '<iati-activities xmlns:xi="http://www.w3.org/2001/XInclude">'
    + ACTIVITY.format('<xi:include href="file:///etc/passwd" parse="text"/>')
    + "</iati-activities>",
}


@pytest.mark.parametrize("xml", UNSAFE.values(), ids=UNSAFE.keys())
def test_it_refuses_unsafe_xml_before_yielding(xml: str) -> None:
    items = read_activities(io.BytesIO(xml.encode()), name="evil.xml")
    with pytest.raises(UnsafeXMLError, match=r"evil\.xml"):
        next(items)


def test_it_refuses_a_nested_xinclude_and_never_resolves_it() -> None:
    inner = ACTIVITY.format(
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
    )
    with pytest.raises(UnsafeXMLError, match="XInclude"):
        read_xml(f"<iati-activities>{inner}</iati-activities>")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"just some text\n", NotIATIError),
        (b"<iati-organisations><iati-organisation/></iati-organisations>", NotIATIError),
        (b"<parent><child/></parent>", NotIATIError),
        (b"", NotIATIError),
        (b"<iati-activities><iati-activity>", BrokenXMLError),
    ],
)
def test_it_names_the_file_in_whole_file_errors(data: bytes, error: type) -> None:
    with pytest.raises(error, match=r"upload\.xml") as info:
        list(read_activities(io.BytesIO(data), name="upload.xml"))
    assert isinstance(info.value, IATIFileError) and info.value.file == "upload.xml"


def test_it_yields_complete_activities_before_a_break() -> None:
    xml = (
        "<iati-activities>\n"
        + ACTIVITY.format("one")
        + "\n"
        + ACTIVITY.format("two")
        + "\n<iati-activity><iati-identifier>C</iati-identifier><title>x</iati-activity>"
    )
    seen = []
    with pytest.raises(BrokenXMLError) as info:
        for item in read_activities(io.BytesIO(xml.encode()), name="cut.xml"):
            seen.append(item)
    assert [a.titles[0].text for a in seen] == ["one", "two"]
    assert info.value.line == 4 and info.value.column > 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_it_reads_files_with_a_byte_order_mark(encoding: str) -> None:
    xml = '<?xml version="1.0" encoding="{}"?><iati-activities>{}</iati-activities>'.format(
        "UTF-16" if encoding == "utf-16" else "UTF-8", ACTIVITY.format("Café")
    )
    (activity,) = read_activities(io.BytesIO(xml.encode(encoding)))
    assert activity.titles[0].text == "Café"


def test_it_reads_a_9_mb_text_and_stops_at_one_over_10_mb_naming_the_line() -> None:
    # libxml2's own cap on one text (no huge_tree): part of the reader's memory bound.
    big = "x" * 9_000_000
    (activity,) = read_xml(f"<iati-activities>{ACTIVITY.format(big)}</iati-activities>")
    assert len(activity.titles[0].text) == len(big)
    xml = f"<iati-activities>{ACTIVITY.format('one')}\n{ACTIVITY.format('x' * 10_500_000)}"
    seen = []
    with pytest.raises(ElementTooLargeError) as info:
        seen.extend(read_activities(io.BytesIO(f"{xml}</iati-activities>".encode()), name="t.xml"))
    assert [a.titles[0].text for a in seen] == ["one"]
    assert str(info.value).startswith("t.xml: line 2: a text over 10 MB")


def test_it_reads_from_a_path_and_names_it(tmp_path) -> None:
    path = tmp_path / "file.xml"
    path.write_text("<iati-activities>" + ACTIVITY.format("t") + "</iati-activities>")
    (activity,) = read_activities(path)
    assert isinstance(activity, Activity)
    path.write_text("<iati-activities><iati-activity/></iati-activities>")
    (rejected,) = read_activities(str(path))
    assert isinstance(rejected, RejectedActivity) and rejected.file == "file.xml"


@pytest.mark.parametrize(
    "after",
    [b"<iati-activity bad:prefix='1'>", b"&junk;", b"<iati-activity><iati-identifier>C"],
    ids=["undefined prefix in the next start tag", "junk between activities", "cut short"],
)
def test_an_activity_that_ends_right_before_a_break_is_kept(after: bytes) -> None:
    xml = (
        b"<iati-activities version='2.03'>"
        b"<iati-activity><iati-identifier>A</iati-identifier></iati-activity>"
        b"<iati-activity><iati-identifier>B</iati-identifier></iati-activity>" + after
    )
    items = []
    with pytest.raises(BrokenXMLError):
        items.extend(read_activities(io.BytesIO(xml), name="broken.xml"))
    assert [item.identifier for item in items] == ["A", "B"]
