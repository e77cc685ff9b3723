"""Fictional organisations: the sample reporting agency and its partners.

Every name says "(fictional)" and every identifier uses the "XM-DAC-99999" or "XM-SAMPLE"
prefix, which no real IATI publisher holds, so sample records can never be mistaken for (or
merged with) a real organisation's data.
"""

from __future__ import annotations

from parity.iati.model import Narrative, OrgRef
from parity.sample.weighted import Weighted

SAMPLE_ORG_REF = "XM-DAC-99999-SAMPLE"
SAMPLE_ORG_NAME = "Sample Development Agency (fictional)"

_AGENCY_NAMES = (
    Narrative(SAMPLE_ORG_NAME),
    Narrative("Agence de développement exemple (fictive)", "fr"),
    Narrative("サンプル開発機関(架空)", "ja"),
)


def agency(ref: str) -> OrgRef:
    """The reporting organisation; ``ref`` may be overridden by the caller (several agencies)."""
    return OrgRef(ref=ref, type="10", names=_AGENCY_NAMES)


MINISTRY = OrgRef(
    ref="XM-SAMPLE-GOV-001",
    type="10",
    names=(Narrative("Sample Ministry of Foreign Affairs (fictional)"),),
)


def _partner(row: str) -> tuple[OrgRef, float]:
    ref, org_type, weight, name = row.split("|")
    return OrgRef(ref=ref, type=org_type, names=(Narrative(name),)), float(weight)


# ref | OrganisationType | weight | name. Some partners have no ref, as in much real data.
_PARTNER_ROWS = """\
XM-SAMPLE-NGO-001|21|4|Sample International Women's Network (fictional)
XM-SAMPLE-NGO-002|21|3|Example Health Alliance (fictional)
XM-SAMPLE-NGO-003|22|3|Sample Community Development Association (fictional)
|22|2|Example Rural Women's Cooperative (fictional)
XM-SAMPLE-NGO-005|24|2|Sample Legal Aid Centre (fictional)
XM-SAMPLE-MUL-001|40|3|Sample Multilateral Fund for Equality (fictional)
XM-SAMPLE-MUL-002|40|2|Example Regional Development Bank (fictional)
XM-SAMPLE-GOV-101|10|4|Sample Partner Ministry of Planning (fictional)
XM-SAMPLE-GOV-102|10|2|Sample Partner Ministry of Women's Affairs (fictional)
XM-SAMPLE-UNI-001|80|1|Demo University Research Centre (fictional)
XM-SAMPLE-PRV-001|71|2|Sample Consulting Ltd (fictional)
|72|1|Example Local Engineering Company (fictional)"""

PARTNERS: Weighted[OrgRef] = Weighted(_partner(row) for row in _PARTNER_ROWS.splitlines())
