"""One CSV record to a Row, or to a Rejected naming the column at fault."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation

from parity.crs import codes
from parity.crs.layouts import EXPLORER, Columns
from parity.crs.model import COMMITMENT, DISBURSEMENT, GENDER, Amount, Rejected, Row

MILLION = 6  # the bulk files state USD millions
CENTS = Decimal("0.0001")  # what the database keeps (money fields have 4 decimals)
# A CRS id a spreadsheet turned into a number ("2.015E+12") no longer identifies anything.
MANGLED_ID = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
EXPLORER_MEASURES = {"C": COMMITMENT, "D": DISBURSEMENT}
BULK_AMOUNTS = (
    (COMMITMENT, "usd_commitment", "usd_commitment_defl"),
    (DISBURSEMENT, "usd_disbursement", "usd_disbursement_defl"),
)


class RowError(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def amount(text: str, field: str, exponent: int) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(field, f"{text!r} is not a number") from None
    if not value.is_finite():
        raise RowError(field, f"{text!r} is not a number")
    return value.scaleb(exponent).quantize(CENTS)


class RowBuilder:
    def __init__(self, columns: Columns, file: str) -> None:
        self.columns = columns
        self.file = file
        self.explorer = columns.layout.name == EXPLORER
        self.seen: dict[int, int] = {}  # key of (project, year, place, purpose, measure) -> line
        self.fields = tuple(columns.index.items())
        self.blank = dict.fromkeys(columns.layout.fields, "")

    def get(self, record: list[str], field: str) -> str:
        index = self.columns.index.get(field)
        return record[index].strip() if index is not None else ""

    def build(self, record: list[str], line: int) -> Row | Rejected:
        try:
            row = self._row(record, line)
        except RowError as error:
            identifier = self.get(record, "crs_id") or self.get(record, "project_number")
            return Rejected(
                self.file, line, self.columns.name_of(error.field), identifier, error.reason
            )
        key = hash(
            (
                row.identifier,
                row.year,
                row.agency_code or row.agency_name,
                row.recipient_code or row.recipient_name,
                row.purpose_code,
                row.channel_code,
                row.aid_type,
                row.finance_type,
                row.category,
                tuple((a.measure, a.current is None, a.constant is None) for a in row.amounts),
            )
        )
        first = self.seen.setdefault(key, line)
        if first != line:
            return Rejected(
                self.file,
                line,
                self.columns.name_of("crs_id"),
                row.crs_id or row.project_number,
                f"the same CRS id, year, recipient, purpose and measure as line {first}",
            )
        return row

    def _row(self, record: list[str], line: int) -> Row:
        v = self.blank.copy()
        for field, index in self.fields:
            v[field] = record[index].strip()
        year_text = v["year"]
        if not year_text.isdigit() or not 1960 <= int(year_text) <= 2100:
            raise RowError("year", f"{year_text!r} is not a year")
        provider = codes.provider(v["donor_code"], v["donor_name"])
        if provider is None:
            field = "donor_code" if v["donor_code"] else "donor_name"
            given = v["donor_code"] or v["donor_name"]
            raise RowError(field, f"unknown provider {given!r}")
        crs_id = v["crs_id"]
        if MANGLED_ID.match(crs_id):
            crs_id = ""
        project_number = v["project_number"]
        if not crs_id and not project_number:
            raise RowError("crs_id", "no CRS id and no project number")
        purpose_code = v["purpose_code"]
        purpose = codes.purpose(purpose_code, v["purpose_name"])
        if purpose is None:
            field = "purpose_code" if purpose_code else "purpose_name"
            given = purpose_code or v["purpose_name"]
            if given:
                raise RowError(field, f"unknown purpose {given!r}")
            purpose = ""
        aid_type = v["aid_type"]
        if aid_type == "0":
            aid_type = ""  # what the OECD serves for "not reported"
        if aid_type and not codes.aid_type_valid(aid_type):
            raise RowError("aid_type", f"unknown aid type {aid_type!r}")
        finance_type = v["finance_type"]
        if finance_type and not codes.finance_type_valid(finance_type):
            raise RowError("finance_type", f"unknown finance type {finance_type!r}")
        agency_code, agency_name = v["agency_code"], v["agency_name"]
        if agency_code and not agency_code.isdigit():  # the Data Explorer puts the name there
            agency_code, agency_name = "", agency_name or agency_code
        recipient_code, country, region = codes.recipient(v["recipient_code"], v["recipient_name"])
        markers = []
        for code, index in self.columns.markers:
            try:
                markers.append((code, codes.significance(record[index])))
            except ValueError as error:
                raise RowError(self.columns.header[index], str(error)) from None
        return Row(
            file=self.file,
            line=line,
            year=int(year_text),
            provider_code=provider.code,
            provider_name=v["donor_name"] or provider.name,
            provider_group=provider.group,
            agency_code=agency_code,
            agency_name=agency_name,
            crs_id=crs_id,
            project_number=project_number,
            recipient_code=recipient_code,
            recipient_name=v["recipient_name"],
            country=country,
            region=region,
            purpose_code=purpose,
            purpose_name=v["purpose_name"],
            channel_code=v["channel_code"],
            channel_name=v["channel_name"],
            category=v["category"] or codes.category_of_flow(v["flow_name"]),
            bi_multi=v["bi_multi"],
            finance_type=finance_type,
            aid_type=aid_type,
            title=v["title"],
            short_description=v["short_description"],
            long_description=v["long_description"],
            markers=tuple(markers),
            gender=next((score for code, score in markers if code == GENDER), None),
            amounts=self._explorer_amounts(v) if self.explorer else self._bulk_amounts(v),
            digest=int.from_bytes(
                hashlib.blake2b("\x1f".join(record).encode(), digest_size=5).digest(), "big"
            ),
        )

    def _explorer_amounts(self, v: dict[str, str]) -> tuple[Amount, ...]:
        measure = EXPLORER_MEASURES.get(v["flow_type"].upper())
        if measure is None:
            raise RowError(
                "flow_type",
                f"measure {v['flow_type']!r}: Parity reads C (commitments) and D (disbursements)",
            )
        multiplier = v["unit_multiplier"] or "0"
        if not multiplier.lstrip("-").isdigit():
            raise RowError("unit_multiplier", f"{multiplier!r} is not a power of ten")
        value = amount(v["value"], "value", int(multiplier))
        if value is None:
            raise RowError("value", "no amount")
        prices = v["amount_type"].casefold()
        if "constant" in prices or prices == "q":
            base = v["base_period"]
            base_year = int(base) if base.isdigit() else None
            return (Amount(measure, None, value, base_year),)
        if "current" in prices or prices == "v":
            return (Amount(measure, value, None),)
        raise RowError("amount_type", f"{v['amount_type']!r}: neither current nor constant prices")

    def _bulk_amounts(self, v: dict[str, str]) -> tuple[Amount, ...]:
        found = []
        for measure, current_field, constant_field in BULK_AMOUNTS:
            current = amount(v[current_field], current_field, MILLION)
            constant = amount(v[constant_field], constant_field, MILLION)
            if current is not None or constant is not None:
                found.append(Amount(measure, current, constant))
        return tuple(found)
