"""The two CRS layouts: which columns each needs, and where each field is found.

Column names are compared normalised (lower case, letters and digits only), so the bulk
files' CamelCase (``PurposeCode``, ``USD_Commitment_Defl``) and lower-case names
(``purpose_code``, ``usd_commitment_defl``) are one layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parity.crs.codes import MARKERS
from parity.crs.errors import CRSFileError

EXPLORER, BULK = "explorer", "bulk"
LAYOUT_NAMES = {
    EXPLORER: "OECD Data Explorer CSV (one row per project, year and measure)",
    BULK: "CRS bulk file (one row per project and year)",
}


def normalise(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lstrip("\ufeff").lower())


@dataclass(frozen=True)
class Layout:
    name: str
    # field -> the column names that hold it, by preference
    fields: dict[str, tuple[str, ...]]
    # groups of alternatives that must all be present; the first name of a group is the one
    # an error names
    required: tuple[tuple[str, ...], ...]


_COMMON = {
    "year": ("year",),
    "donor_code": ("donorcode",),
    "donor_name": ("donorname",),
    "agency_code": ("agencycode",),
    "agency_name": ("agencyname",),
    "crs_id": ("crsid",),
    "recipient_code": ("recipientcode",),
    "recipient_name": ("recipientname",),
    "channel_code": ("channelcode",),
    "channel_name": ("channelname", "channelreportedname"),
    "title": ("projecttitle",),
    "short_description": ("shortdescription",),
    "long_description": ("longdescription", "description"),
}

LAYOUTS = {
    EXPLORER: Layout(
        EXPLORER,
        {
            **_COMMON,
            "agency_code": ("donoragencycode", "agencycode"),
            "project_number": ("projectid", "projectnumber"),
            "purpose_code": ("sectorcode",),
            "purpose_name": ("sectorname",),
            "category": ("categorycode",),
            "bi_multi": ("bimulticode",),
            "finance_type": ("financetypecode",),
            "aid_type": ("flowcode",),
            "flow_type": ("flowtypecode",),
            "amount_type": ("amounttype",),
            "base_period": ("baseperiod",),
            "unit_multiplier": ("unitmultiplier",),
            "value": ("value",),
        },
        (
            ("donorcode",),
            ("crsid",),
            ("projectid", "projectnumber"),
            ("year",),
            ("sectorcode",),
            ("flowtypecode",),
            ("amounttype",),
            ("unitmultiplier",),
            ("value",),
        ),
    ),
    BULK: Layout(
        BULK,
        {
            **_COMMON,
            "project_number": ("projectnumber",),
            "purpose_code": ("purposecode",),
            "purpose_name": ("purposename",),
            "category": ("category",),
            "flow_name": ("flowname",),
            "bi_multi": ("bimulti",),
            "finance_type": ("financet", "financetype"),
            "aid_type": ("aidt", "aidtype"),
            "usd_commitment": ("usdcommitment",),
            "usd_disbursement": ("usddisbursement",),
            "usd_commitment_defl": ("usdcommitmentdefl", "usdcommitmentdeflated"),
            "usd_disbursement_defl": ("usddisbursementdefl", "usddisbursementdeflated"),
        },
        (
            ("year",),
            ("donorcode", "donorname"),
            ("crsid", "projectnumber"),
            ("purposecode", "purposename"),
            (
                "usdcommitment",
                "usddisbursement",
                "usdcommitmentdefl",
                "usddisbursementdefl",
                "usdcommitmentdeflated",
                "usddisbursementdeflated",
            ),
        ),
    ),
}


@dataclass(frozen=True)
class Columns:
    """A header resolved against a layout: the column index of each field it has."""

    layout: Layout
    header: tuple[str, ...]
    index: dict[str, int]
    markers: tuple[tuple[str, int], ...]  # (IATI marker code, column index)

    def name_of(self, field: str) -> str:
        return self.header[self.index[field]] if field in self.index else field


def _missing(layout: Layout, present: set[str]) -> list[str]:
    return [group[0] for group in layout.required if not present.intersection(group)]


def resolve(header: Sequence[str], file: str) -> Columns:
    """The layout a header belongs to; refuses a header of neither, naming what it lacks."""
    normalised = [normalise(name) for name in header]
    present = set(normalised)
    missing = {name: _missing(layout, present) for name, layout in LAYOUTS.items()}
    chosen = min(missing, key=lambda name: len(missing[name]))
    if missing[chosen]:
        detail = "; ".join(
            f"the {LAYOUT_NAMES[name]} needs {', '.join(cols)}" for name, cols in missing.items()
        )
        raise CRSFileError(file, f"not a CRS layout Parity knows: {detail}", line=1)
    layout = LAYOUTS[chosen]
    position = {name: i for i, name in reversed(list(enumerate(normalised)))}
    index = {}
    for field, names in layout.fields.items():
        for name in names:
            if name in position:
                index[field] = position[name]
                break
    markers: dict[str, int] = {}
    for name, code in MARKERS.items():
        if name in position:
            markers.setdefault(code, position[name])
    return Columns(layout, tuple(header), index, tuple(markers.items()))
