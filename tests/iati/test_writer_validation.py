"""validate_activities_xml: schema errors with line numbers, from bytes or a path."""

from __future__ import annotations

from pathlib import Path

from parity.iati.validation import validate_activities_xml
from tests.iati.writer_support import SCHEMA_203, export, full

INVALID = b"""<?xml version="1.0"?>
<iati-activities version="2.03">
  <iati-activity>
    <iati-identifier>X-1</iati-identifier>
  </iati-activity>
</iati-activities>
"""


def test_it_returns_no_errors_for_a_valid_export(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(export(full()))
    assert validate_activities_xml(path, SCHEMA_203) == []
    assert validate_activities_xml(str(path), str(SCHEMA_203)) == []


def test_it_reports_schema_errors_with_line_numbers() -> None:
    errors = validate_activities_xml(INVALID, SCHEMA_203)
    assert len(errors) == 1
    assert errors[0].startswith("line 3: ")
    assert "reporting-org" in errors[0]


def test_it_reports_a_syntax_error_with_its_line() -> None:
    errors = validate_activities_xml(b"<iati-activities>\n<oops>", SCHEMA_203)
    assert len(errors) == 1
    assert errors[0].startswith("line 2: ")


def test_it_refuses_a_dtd_without_expanding_entities() -> None:
    document = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03">&secret;</iati-activities>
"""
    assert validate_activities_xml(document, SCHEMA_203) == [
        "line 1: a document type declaration (DTD) is not allowed in IATI files"
    ]
