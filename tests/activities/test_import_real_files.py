"""Every real and example IATI file imports, and `parity stats` agrees with independent counts."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parity.activities.models import ImportFile, ImportRun
from tests.activities.iati_files import (
    activity_files,
    expected_counts,
    file_id,
    manifest_activity_counts,
)

pytestmark = pytest.mark.django_db

# Files that must be refused whole or stop at a break, as MANIFEST.md describes them.
NOT_IMPORTABLE = {
    "broken.xml": ImportFile.BROKEN,
    "frankenstein.xml": ImportFile.BROKEN,
    "invalid.xml": ImportFile.REFUSED,
    "leading_whitespace_xml.xml": ImportFile.BROKEN,
    "valid-UTF-16BE.xml": ImportFile.BROKEN,
    "valid-UTF-32.xml": ImportFile.BROKEN,
    "valid-windows-1252.xml": ImportFile.BROKEN,
    "valid_not_iati.xml": ImportFile.REFUSED,
}


def import_file(path: Path) -> tuple[ImportRun, dict]:
    out = StringIO()
    try:
        call_command("import_iati", str(path), "--json", stdout=out)
    except SystemExit as stop:
        assert stop.code == 1
    summary = json.loads(out.getvalue())
    return ImportRun.objects.get(pk=summary["run"]), summary


def stats() -> dict:
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("path", activity_files(), ids=file_id)
def test_it_imports_each_file_and_stats_match_an_independent_count(path: Path) -> None:
    run, summary = import_file(path)
    (record,) = summary["files"]
    refused_as = NOT_IMPORTABLE.get(path.name)
    if refused_as is None and path.parent.name == "ruleset":
        refused_as = ImportFile.REFUSED  # <root_element> test fixtures hold no activity
    if refused_as:
        assert record["status"] == refused_as, record
        assert record["error"].startswith(str(path)), "the message names the file"
        assert run.status == ImportRun.INCOMPLETE
        if refused_as == ImportFile.REFUSED:
            assert stats()["activities"] == 0
        return
    assert record["status"] == ImportFile.IMPORTED, record
    rejected = {r["identifier"] for r in record["rejected"]}
    expected = expected_counts(path, rejected)
    manifest = manifest_activity_counts().get(str(path.relative_to(path.parents[-4])))
    if manifest is not None:
        assert expected.elements == manifest
    figures = stats()
    assert figures["activities"] == expected.kept == record["created"]
    assert figures["transactions"] == expected.transactions
    assert figures["budgets"] == expected.budgets
    assert figures["policy_markers"] == expected.policy_markers
    assert figures["transactions_by_type"] == dict(expected.transactions_by_type)
    for rejection in record["rejected"]:
        assert rejection["reason"] and rejection["element"] is not None
