"""Whether an interrupted import left only whole activities: each activity's transactions
counted in the files with plain lxml (not Parity), and in the database with plain SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from tests.helpers.scratch_instance import ScratchDatabase


def transactions_in_files(paths: Iterable[Path]) -> Counter:
    counts: Counter = Counter()
    for path in paths:
        for _event, element in etree.iterparse(str(path), tag="iati-activity"):
            counts[element.findtext("iati-identifier").strip()] = len(
                element.findall("transaction")
            )
            element.clear()
    return counts


def transactions_stored(database: ScratchDatabase) -> dict[str, int]:
    return dict(
        database.rows(
            "SELECT a.iati_identifier, COUNT(t.id) FROM activities_activity a "
            "LEFT JOIN activities_transaction t ON t.activity_id = a.id GROUP BY a.iati_identifier"
        )
    )
