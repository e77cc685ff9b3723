import xml.etree.ElementTree as ET
from pathlib import Path

from parity.money import currency_list, load_currencies

CODELIST = (
    Path(__file__).resolve().parents[2].parent / "shared/iati/codelists/2.03/xml/Currency.xml"
)


def test_it_knows_common_and_withdrawn_codes():
    codes = load_currencies()
    assert {"USD", "JPY", "EUR", "XOF", "VEF"} <= codes
    assert "VEF" not in load_currencies(include_withdrawn=False)
    assert "JPY" in load_currencies(include_withdrawn=False)


def test_every_code_is_three_capitals():
    assert all(len(c.code) == 3 and c.code.isupper() for c in currency_list())


def test_the_committed_list_matches_the_iati_codelist():
    assert CODELIST.exists(), "the shared IATI codelists are not beside the project (README)"
    root = ET.parse(CODELIST).getroot()
    expected = {
        item.findtext("code"): item.get("withdrawal-date") for item in root.iter("codelist-item")
    }
    assert {c.code: c.withdrawn for c in currency_list()} == expected
