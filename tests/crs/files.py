"""Small CRS files written by the tests, in either layout, any encoding, zipped or not."""

from __future__ import annotations

import zipfile
from pathlib import Path

BULK_HEADER = [
    "Year",
    "DonorCode",
    "DonorName",
    "AgencyCode",
    "AgencyName",
    "CrsID",
    "ProjectNumber",
    "RecipientCode",
    "RecipientName",
    "FlowName",
    "Bi_Multi",
    "Category",
    "Finance_t",
    "Aid_t",
    "USD_Commitment",
    "USD_Disbursement",
    "USD_Commitment_Defl",
    "USD_Disbursement_Defl",
    "ProjectTitle",
    "PurposeCode",
    "PurposeName",
    "ChannelCode",
    "ChannelName",
    "LongDescription",
    "Gender",
    "Environment",
]


def bulk_row(**values: str) -> dict[str, str]:
    row = {
        "Year": "2019",
        "DonorCode": "12",
        "DonorName": "United Kingdom",
        "AgencyCode": "1",
        "AgencyName": "Department for International Development",
        "CrsID": "2019000001",
        "ProjectNumber": "GB-1-2001",
        "RecipientCode": "248",
        "RecipientName": "Kenya",
        "FlowName": "ODA Grants",
        "Bi_Multi": "1",
        "Category": "10",
        "Finance_t": "110",
        "Aid_t": "C01",
        "USD_Commitment": "1.5",
        "USD_Disbursement": "0.75",
        "USD_Commitment_Defl": "1.6",
        "USD_Disbursement_Defl": "0.8",
        "ProjectTitle": "Girls' education in Turkana",
        "PurposeCode": "11220",
        "PurposeName": "Primary education",
        "ChannelCode": "22000",
        "ChannelName": "Donor country-based NGO",
        "LongDescription": "Keeps girls in primary school — «bourses» included",
        "Gender": "2",
        "Environment": "",
    }
    row.update(values)
    return row


def bulk_text(rows: list[dict[str, str]], *, header: list[str] | None = None) -> str:
    header = header or BULK_HEADER
    lines = ["|".join(header)] + ["|".join(row.get(name, "") for name in header) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def write(
    folder: Path, name: str, text: str, *, encoding: str = "utf-8", zipped: bool = False
) -> Path:
    data = text.encode(encoding)
    if not zipped:
        path = folder / name
        path.write_bytes(data)
        return path
    path = folder / (Path(name).stem + ".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return path
