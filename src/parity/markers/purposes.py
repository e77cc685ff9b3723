"""DAC purpose codes dedicated to gender equality: one list for the evidence rules and the figures.

From the OECD DAC-CRS purpose codes: 15170 and 15180 are current codes; 15164 is the older code
for women's equality organisations and institutions that 15170 replaced. The IATI Sector
codelist keeps 15164 as withdrawn and older files still carry it, so it counts too.
"""

from __future__ import annotations

GENDER_PURPOSE_CODES: dict[str, str] = {
    "15170": "Women's rights organisations and movements, and government institutions",
    "15180": "Ending violence against women and girls",
    "15164": "Women's equality organisations and institutions (withdrawn code)",
}
