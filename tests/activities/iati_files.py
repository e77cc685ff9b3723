"""The real and example IATI files in shared/, and independent counts of what they hold.

The counts come from plain lxml over the file, not from Parity's reader, so an import can be
checked against them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FILE_FOLDERS = [SHARED / "iati" / "real", SHARED / "iati" / "examples"]


def activity_files() -> list[Path]:
    files = []
    for folder in FILE_FOLDERS:
        files.extend(sorted(p for p in folder.rglob("*.xml") if "organisation" not in p.name))
    return files


def file_id(path: Path) -> str:
    return str(path.relative_to(SHARED))


def manifest_activity_counts() -> dict[str, int]:
    """`activities` column of real/MANIFEST.md by file (rows that parse)."""
    counts = {}
    text = (SHARED / "iati" / "real" / "MANIFEST.md").read_text()
    for row in re.finditer(r"^\| `([^`]+\.xml)` \|(.*)$", text, flags=re.M):
        cells = [c.strip() for c in row.group(2).split("|")]
        if len(cells) > 5 and cells[4].isdigit():
            counts[row.group(1)] = int(cells[4])
    return counts


# The official IATI 1.0x to 2.0x transaction type upgrade.
UPGRADE_1X = {
    "IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5",
    "LR": "6", "R": "7", "QP": "8", "QS": "9", "CG": "10",
}  # fmt: skip
# TransactionType 2.03 (1-13) and the 1.0x letters: a transaction with any other is dropped.
TRANSACTION_TYPES = frozenset({str(n) for n in range(1, 14)} | set(UPGRADE_1X))


@dataclass
class Expected:
    elements: int
    kept: int
    transactions: int
    budgets: int
    policy_markers: int
    transactions_by_type: Counter


def expected_counts(path: Path, rejected: set[str]) -> Expected:
    """What the database should hold after importing only this file.

    The last activity with a given identifier wins; activities the import reported as
    rejected are left out; a policy marker without any code is a 1.0x placeholder.
    """
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, huge_tree=True))
    elements = tree.getroot().iter("iati-activity")
    last: dict[str, etree._Element] = {}
    count = 0
    for element in elements:
        count += 1
        identifier = (element.findtext("iati-identifier") or "").strip()
        last[identifier] = element
    kept = {k: v for k, v in last.items() if k and k not in rejected}
    types: Counter = Counter()
    for element in kept.values():
        for transaction in typed_transactions(element):
            code = transaction.find("transaction-type").get("code")
            types[UPGRADE_1X.get(code, code)] += 1
    return Expected(
        elements=count,
        kept=len(kept),
        transactions=sum(len(typed_transactions(e)) for e in kept.values()),
        budgets=sum(len(e.findall("budget")) for e in kept.values()),
        policy_markers=sum(
            1
            for e in kept.values()
            for marker in e.findall("policy-marker")
            if (marker.get("code") or (marker.text or "").strip())
        ),
        transactions_by_type=types,
    )


def typed_transactions(activity: etree._Element) -> list[etree._Element]:
    """The transactions with a transaction-type code (2.0x number or 1.0x letters): the reader
    drops any other, with a data note, and keeps the activity."""
    return [
        t
        for t in activity.findall("transaction")
        if (kind := t.find("transaction-type")) is not None
        and (kind.get("code") or "") in TRANSACTION_TYPES
    ]


def holds_identified_activities(path: Path) -> bool:
    """Well-formed, and at least one iati-activity has an identifier (plain lxml, no Parity)."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, OSError):
        return False
    return any(
        (element.findtext("iati-identifier") or "").strip()
        for element in tree.getroot().iter("iati-activity")
    )


def importable_files() -> list[Path]:
    return [path for path in activity_files() if holds_identified_activities(path)]
