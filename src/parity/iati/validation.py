"""Validate an IATI activities file against an XML schema folder (e.g. the official 2.03 one).

The schema folder is always passed in: Parity ships no copy of the IATI schemas and reads none
from a fixed place. The document is parsed with entities, DTDs and the network switched off,
like every other IATI input.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMA_FILE = "iati-activities-schema.xsd"


def validate_activities_xml(path_or_bytes: str | Path | bytes, schema_dir: str | Path) -> list[str]:
    """Return the schema errors as ``"line N: message"`` strings; an empty list means valid.

    A document that is not well-formed, or that has a DTD, gives one error in the same form.
    """
    schema = _load_schema(Path(schema_dir).resolve())
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        if isinstance(path_or_bytes, bytes):
            tree = etree.fromstring(path_or_bytes, parser).getroottree()
        else:
            tree = etree.parse(str(path_or_bytes), parser)
    except etree.XMLSyntaxError as error:
        return [f"line {error.lineno}: {error.msg}"]
    if tree.docinfo.internalDTD is not None:
        # IATI files never need a DTD; an unexpanded entity would also crash the validator.
        return ["line 1: a document type declaration (DTD) is not allowed in IATI files"]
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


@lru_cache(maxsize=4)
def _load_schema(schema_dir: Path) -> etree.XMLSchema:
    # The XSD includes iati-common.xsd and imports xml.xsd by relative path, so parse it from
    # its own folder; no_network keeps a broken folder from sending lxml to the web.
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(schema_dir / SCHEMA_FILE), parser))
