"""Shared helpers for the IATI reader tests (pure: no Django, no database)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parity.iati.model import Activity, RejectedActivity
from parity.iati.reader import read_activities

# The shared data folder sits next to the repository root (see DESIGN.md section 6).
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
IATI = SHARED / "iati"


def read_xml(xml: str, name: str = "inline.xml") -> list[Activity | RejectedActivity]:
    return list(read_activities(io.BytesIO(xml.encode("utf-8")), name=name))


def one_activity(body: str, attrs: str = 'default-currency="EUR"', root: str = "") -> Activity:
    """Read an activity made of ``body`` (identifier and reporting-org are added)."""
    xml = (
        f"<iati-activities {root}><iati-activity {attrs}>"
        '<iati-identifier>XM-1-A</iati-identifier><reporting-org ref="XM-1"/>'
        f"{body}</iati-activity></iati-activities>"
    )
    (item,) = read_xml(xml)
    assert isinstance(item, Activity), item
    return item


@pytest.fixture(scope="session")
def iati_dir() -> Path:
    # The shared folder is part of the test set-up (README): missing, the tests fail, never skip.
    assert IATI.is_dir(), "../shared/iati is not beside the project (see the README)"
    return IATI
