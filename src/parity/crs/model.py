"""A CRS row as frozen dataclasses, the same for both layouts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

COMMITMENT, DISBURSEMENT = "commitment", "disbursement"
GENDER = "1"  # IATI PolicyMarker code of the gender equality marker


@dataclass(frozen=True, slots=True)
class Amount:
    """One measure of a row in US dollars (not millions), as the file states it."""

    measure: str  # COMMITMENT or DISBURSEMENT
    current: Decimal | None
    constant: Decimal | None
    base_year: int | None = None  # of the constant prices, when the file says


@dataclass(frozen=True, slots=True)
class Row:
    """One CRS row: a project's report for one year (and, in the Data Explorer, one measure)."""

    file: str
    line: int
    year: int
    provider_code: str
    provider_name: str
    provider_group: str  # dac, multilateral, private or other
    agency_code: str
    agency_name: str
    crs_id: str
    project_number: str
    recipient_code: str
    recipient_name: str
    country: str  # ISO 3166 alpha-2, "" for a regional or unknown recipient
    region: str  # IATI Region code (OECD DAC), "" for a country
    purpose_code: str
    purpose_name: str
    channel_code: str
    channel_name: str
    category: str  # 10 ODA, 21 OOF, 30 private development finance...
    bi_multi: str
    finance_type: str
    aid_type: str
    title: str
    short_description: str
    long_description: str
    # (IATI PolicyMarker code, significance or None = not screened), for each marker the
    # file has a column for; a marker without a column is absent, not "not screened".
    markers: tuple[tuple[str, int | None], ...]
    gender: int | None  # the gender equality marker's, None = not screened (or no column)
    amounts: tuple[Amount, ...]
    digest: int  # fingerprint of the row's text, to tell a changed edition of a file

    @property
    def identifier(self) -> str:
        """The Parity identifier of the project: provider and CRS id, else project number."""
        if self.crs_id:
            return f"crs:{self.provider_code}-{self.crs_id}"
        return f"crs:{self.provider_code}-pn:{self.project_number}"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row refused with its reason; the rest of the file is still read."""

    file: str
    line: int
    column: str
    identifier: str
    reason: str
