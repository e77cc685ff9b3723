"""Imported activities are checked at once: their flags are on the portfolio after an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.activities.importer import Importer
from parity.mainstreaming.models import Flag

pytestmark = pytest.mark.django_db


def test_an_import_stores_the_flags_of_what_it_wrote(shared_dir: Path) -> None:
    Importer().run([shared_dir / "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"])
    rules = set(
        Flag.objects.filter(activity__iati_identifier="GB-1-105858-101").values_list(
            "rule", flat=True
        )
    )
    assert "gender-focused-without-gender-indicator" in rules
