"""An independent check of the codes in an IATI 2.03 activity file, read from the official
codelists and their XPath mapping in shared/ (not from Parity's own extract of them)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

from tests.iati.writer_support import SHARED

CODELISTS = SHARED / "iati" / "codelists" / "2.03"


@cache
def official_codes(name: str) -> frozenset[str] | None:
    """Every code of one 2.03 list, withdrawn ones too (old data keeps them); None when the
    list is not among the shared files."""
    path = CODELISTS / "xml" / f"{name}.xml"
    if not path.exists():
        return None
    tree = etree.parse(str(path))
    return frozenset(code.strip() for code in tree.xpath("//codelist-item/code/text()"))


@cache
def activity_mappings() -> tuple[tuple[str, str], ...]:
    """(XPath, codelist) for every coded place of an activity file, conditions included."""
    tree = etree.parse(str(CODELISTS / "mapping.xml"))
    found = []
    for mapping in tree.iter("mapping"):
        path = mapping.findtext("path", "").strip()
        if path.startswith("//iati-organisation"):
            continue
        condition = (mapping.findtext("condition") or "").strip()
        if condition:
            # The condition is about the element that carries the attribute or text.
            owner, _, last = path.rpartition("/")
            path = f"{owner}[{condition}]/{last}"
        found.append((path, mapping.find("codelist").get("ref")))
    return tuple(found)


def bad_codes(xml: bytes | Path) -> list[str]:
    """``"line N: PATH 'value' is not in LIST"`` for each coded value outside its codelist.

    An empty value is not a code (the writer's placeholder for a required attribute with no
    data); lists absent from shared/ are not checked.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    if isinstance(xml, bytes):
        tree = etree.fromstring(xml, parser).getroottree()
    else:
        tree = etree.parse(str(xml), parser)
    problems = []
    for path, name in activity_mappings():
        codes = official_codes(name)
        if codes is None:
            continue
        for value in tree.xpath(path):
            if value.strip() and value.strip() not in codes:
                line = value.getparent().sourceline
                where = re.sub(r"\[.*\]", "", path)
                problems.append(f"line {line}: {where} {str(value)!r} is not in {name}")
    return problems
