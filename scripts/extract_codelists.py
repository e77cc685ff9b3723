"""Regenerate ``src/parity/iati/data/codelists.json`` from the official IATI codelist XML files.

Usage: python scripts/extract_codelists.py SHARED_DIR
where SHARED_DIR is the folder holding ``iati/codelists/2.03/xml`` (the project's ``../shared``).
Only the lists the reader validates against are kept, as {list name: {code: English name}}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lxml import etree

LISTS = (
    "ActivityDateType",
    "ActivityScope",
    "ActivityStatus",
    "AidType",
    "AidTypeVocabulary",
    "BudgetStatus",
    "BudgetType",
    "CollaborationType",
    "Country",
    "Currency",
    "DescriptionType",
    "DisbursementChannel",
    "DocumentCategory",
    "FileFormat",
    "FinanceType",
    "FlowType",
    "GeographicExactness",
    "GeographicLocationReach",
    "IndicatorMeasure",
    "Language",
    "LocationType",
    "OrganisationRole",
    "OrganisationType",
    "PolicyMarker",
    "PolicyMarkerVocabulary",
    "PolicySignificance",
    "Region",
    "RegionVocabulary",
    "RelatedActivityType",
    "ResultType",
    "Sector",
    "SectorCategory",
    "SectorVocabulary",
    "TiedStatus",
    "TransactionType",
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "parity" / "iati" / "data" / "codelists.json"


def english_name(item: etree._Element) -> str:
    # 2.03 lists carry several languages; the un-tagged narrative is the English one.
    for narrative in item.iterfind("name/narrative"):
        if narrative.get(XML_LANG, "en") == "en":
            return (narrative.text or "").strip()
    return ""


def read_list(path: Path) -> dict[str, str]:
    root = etree.parse(str(path)).getroot()
    items = root.iterfind("codelist-items/codelist-item")
    return {item.findtext("code").strip(): english_name(item) for item in items}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1]) / "iati" / "codelists" / "2.03" / "xml"
    data = {name: read_list(folder / f"{name}.xml") for name in LISTS}
    OUTPUT.write_text(json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"wrote {OUTPUT.name}: {sum(map(len, data.values()))} codes in {len(data)} lists")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
