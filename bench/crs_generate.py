"""Write CRS files of any size, in either layout, from the shapes of real rows.

    .venv/bin/python -m bench.crs_generate OUT --rows 1000000 [--layout bulk|explorer]
        [--encoding utf-8|utf-8-sig|utf-16|cp1252] [--zip] [--seed 1]

The shapes are the real rows of the extract shipped for the demo (parity/crs/data/demo): each
generated project takes one real row's provider, agency, recipient, purpose, channel, flow,
finance and aid type, texts and markers (so codes, text lengths and marker frequencies are the
OECD's), gets a CRS id of its own, reports for one to four consecutive years, and its amounts
are a real row's amount scaled by a log-normal factor. Bulk files carry the full column set of
the OECD's ``CRS YYYY data.txt`` (columns Parity does not read are filled as the OECD leaves
them: mostly blank); Data Explorer files the 56 columns of the extract.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import zipfile
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from parity.crs.model import Row
from parity.crs.reader import CRSReader


def columns(header: str, separator: str) -> list[str]:
    return header.split(separator)


BULK_COLUMNS = columns(
    (
        "Year|DonorCode|DonorName|AgencyCode|AgencyName|CrsID|ProjectNumber|InitialReport|"
        "RecipientCode|RecipientName|RegionCode|RegionName|IncomegroupCode|IncomegroupName|"
        "FlowCode|FlowName|Bi_Multi|Category|Finance_t|Aid_t|USD_Commitment|USD_Disbursement|"
        "USD_Received|USD_Commitment_Defl|USD_Disbursement_Defl|USD_Received_Defl|"
        "USD_Adjustment|USD_Adjustment_Defl|USD_AmountUntied|USD_AmountPartialTied|"
        "USD_AmountTied|USD_AmountUntied_Defl|USD_AmountPartialTied_Defl|USD_Amounttied_Defl|"
        "USD_IRTC|USD_Expert_Commitment|USD_Expert_Extended|USD_Export_Credit|CurrencyCode|"
        "Commitment_National|Disbursement_National|GrantEquiv|USD_GrantEquiv|"
        "ShortDescription|ProjectTitle|PurposeCode|PurposeName|SectorCode|SectorName|"
        "ChannelCode|ChannelName|ChannelReportedName|ParentChannelCode|Geography|"
        "ExpectedStartDate|CompletionDate|LongDescription|Gender|Environment|PDGG|Trade|"
        "RMNCH|DRR|Nutrition|Disability|FTC|PBA|InvestmentProject|AssocFinance|Biodiversity|"
        "ClimateMitigation|ClimateAdaptation|Desertification|CommitmentDate|TypeRepayment|"
        "NumberRepayment|Interest1|Interest2|Repaydate1|Repaydate2|USD_Interest|"
        "USD_Outstanding|USD_Arrears_Principal|USD_Arrears_Interest|CapitalExpend|PSIflag|"
        "PSIAddType|PSIAddAssess|PSIAddDevObj"
    ),
    "|",
)
EXPLORER_COLUMNS = columns(
    (
        ",donor_code,donor_name,recipient_code,recipient_name,sector_code,sector_name,"
        "measure_code,measure_name,channel_code,channel_name,flow_code,flow_name,"
        "flow_type_code,flow_type_name,data_type_code,amount_type,md_dim_name,md_id,"
        "unit_measure_code,unit_measure_name,year,value,base_period,status_name,"
        "unit_multiplier,donor_agency_code,crs_id,project_id,region_code,income_group_code,"
        "channel_delivery_code,channel_delivery_name,category_code,category_name,"
        "finance_type_code,finance_type_name,bi_multi_code,short_description,project_title,"
        "long_description,sdg_focus,gender_equality,environment,governance,rmnch,drr,"
        "nutrition,disability,biodiversity,climate_mitigation,climate_adaptation,"
        "desertification,amount_tied,amount_untied,nature_of_submission"
    ),
    ",",
)
# IATI PolicyMarker code -> the column of each layout
BULK_MARKERS = {
    "1": "Gender",
    "2": "Environment",
    "3": "PDGG",
    "9": "RMNCH",
    "10": "DRR",
    "12": "Nutrition",
    "11": "Disability",
    "5": "Biodiversity",
    "6": "ClimateMitigation",
    "7": "ClimateAdaptation",
    "8": "Desertification",
}
EXPLORER_MARKERS = {
    "1": "gender_equality",
    "2": "environment",
    "3": "governance",
    "9": "rmnch",
    "10": "drr",
    "12": "nutrition",
    "11": "disability",
    "5": "biodiversity",
    "6": "climate_mitigation",
    "7": "climate_adaptation",
    "8": "desertification",
}
FIRST_YEAR, LAST_YEAR = 2012, 2023
BASE_YEAR = 2022
DEMO = ("data/demo", "crs-housing-2014-2023.zip")


def real_rows() -> list[Row]:
    data = resources.files("parity.crs").joinpath(*DEMO)
    with resources.as_file(data) as path, CRSReader(path) as reader:
        return [row for row in reader if isinstance(row, Row)]


def millions(value: float) -> str:
    return f"{value / 1e6:.6f}"


def marker_text(score: int | None) -> str:
    return "" if score is None else str(score)


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.shapes = real_rows()
        self.amounts = [
            float(a.constant if a.constant is not None else a.current)
            for row in self.shapes
            for a in row.amounts
        ]

    def projects(self) -> Iterator[tuple[Row, int, list[int]]]:
        """(shape, project number, years) without end: each a new CRS id."""
        number = 0
        while True:
            number += 1
            shape = self.random.choice(self.shapes)
            span = self.random.choice((1, 1, 2, 3, 4))
            start = self.random.randint(FIRST_YEAR, LAST_YEAR - span + 1)
            yield shape, number, list(range(start, start + span))

    def amount(self) -> float:
        return self.random.choice(self.amounts) * self.random.lognormvariate(0, 0.5)

    def bulk(self, rows: int) -> Iterator[list[str]]:
        made = 0
        for shape, number, years in self.projects():
            committed = self.amount()
            for index, year in enumerate(years):
                if made == rows:
                    return
                made += 1
                deflator = 1 + (BASE_YEAR - year) * 0.02
                values = dict.fromkeys(BULK_COLUMNS, "")
                disbursed = committed / len(years) * self.random.uniform(0.5, 1.2)
                values.update(
                    {
                        "Year": str(year),
                        "DonorCode": shape.provider_code,
                        "DonorName": shape.provider_name,
                        "AgencyCode": shape.agency_code or "1",
                        "AgencyName": shape.agency_name,
                        "CrsID": f"{years[0]}{number:09d}",
                        "ProjectNumber": f"{shape.provider_code}-{number}",
                        "InitialReport": "1" if index == 0 else "5",
                        "RecipientCode": shape.recipient_code,
                        "RecipientName": shape.recipient_name,
                        "FlowName": "ODA Grants" if shape.category == "10" else "",
                        "Bi_Multi": shape.bi_multi,
                        "Category": shape.category,
                        "Finance_t": shape.finance_type,
                        "Aid_t": shape.aid_type,
                        "USD_Disbursement": millions(disbursed),
                        "USD_Disbursement_Defl": millions(disbursed * deflator),
                        "CurrencyCode": "302",
                        "ShortDescription": shape.short_description,
                        "ProjectTitle": shape.title,
                        "PurposeCode": shape.purpose_code,
                        "PurposeName": shape.purpose_name,
                        "SectorCode": shape.purpose_code[:3],
                        "ChannelCode": shape.channel_code,
                        "ChannelName": shape.channel_name,
                        "LongDescription": shape.long_description,
                    }
                )
                if index == 0:
                    values["USD_Commitment"] = millions(committed)
                    values["USD_Commitment_Defl"] = millions(committed * deflator)
                for code, score in shape.markers:
                    if code in BULK_MARKERS:
                        values[BULK_MARKERS[code]] = marker_text(score)
                # the bulk files are not quoted: a "|" in a text would split it
                yield [
                    value.replace("|", "/").replace("\r", " ").replace("\n", " ")
                    for value in values.values()
                ]

    def explorer(self, rows: int) -> Iterator[list[str]]:
        made = 0
        for shape, number, years in self.projects():
            for year in years:
                for measure in ("D", "C") if year == years[0] else ("D",):
                    if made == rows:
                        return
                    made += 1
                    values = dict.fromkeys(EXPLORER_COLUMNS, "")
                    values.update(
                        {
                            "": str(made - 1),
                            "donor_code": shape.provider_code,
                            "donor_name": shape.provider_name,
                            "recipient_code": shape.recipient_code,
                            "recipient_name": shape.recipient_name,
                            "sector_code": shape.purpose_code,
                            "sector_name": shape.purpose_name,
                            "channel_code": shape.channel_code,
                            "channel_name": shape.channel_name,
                            "flow_code": shape.aid_type,
                            "flow_type_code": measure,
                            "flow_type_name": "Disbursements" if measure == "D" else "Commitments",
                            "amount_type": "Constant prices",
                            "year": str(year),
                            "value": millions(self.amount()),
                            "base_period": str(BASE_YEAR),
                            "unit_multiplier": "6",
                            "donor_agency_code": shape.agency_name,
                            "crs_id": f"{years[0]}{number:09d}",
                            "project_id": f"{shape.provider_code}-{number}",
                            "category_code": shape.category,
                            "finance_type_code": shape.finance_type,
                            "bi_multi_code": shape.bi_multi,
                            "short_description": shape.short_description,
                            "project_title": shape.title,
                            "long_description": shape.long_description,
                        }
                    )
                    for code, score in shape.markers:
                        if code in EXPLORER_MARKERS:
                            values[EXPLORER_MARKERS[code]] = marker_text(score)
                    yield list(values.values())


def write_file(
    path: Path, rows: int, layout: str, encoding: str = "utf-8", zipped: bool = False, seed: int = 1
) -> Path:
    """Write ``rows`` CRS rows to ``path`` (a .zip holding ``path``'s name when zipped)."""
    generator = Generator(seed)
    header, records, delimiter = (
        (BULK_COLUMNS, generator.bulk(rows), "|")
        if layout == "bulk"
        else (EXPLORER_COLUMNS, generator.explorer(rows), ",")
    )

    def write_to(binary) -> None:
        text = io.TextIOWrapper(binary, encoding=encoding, newline="", errors="replace")
        if delimiter == "|":  # the OECD's own files: no quoting at all
            writer = csv.writer(text, delimiter="|", quoting=csv.QUOTE_NONE, quotechar=None)
        else:
            writer = csv.writer(text, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(records)
        text.flush()
        text.detach()

    path.parent.mkdir(parents=True, exist_ok=True)
    if not zipped:
        with path.open("wb") as binary:
            write_to(binary)
        return path
    target = path.with_suffix(".zip")
    with (
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(path.name, "w", force_zip64=True) as binary,
    ):
        write_to(binary)
    return target


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crs_generate", description=__doc__)
    parser.add_argument("out", type=Path, help="file to write, e.g. 'CRS 2019 data.txt'")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--layout", choices=("bulk", "explorer"), default="bulk")
    parser.add_argument("--encoding", default="utf-8")
    parser.add_argument("--zip", action="store_true", help="write a .zip as the OECD serves")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    written = write_file(args.out, args.rows, args.layout, args.encoding, args.zip, args.seed)
    print(f"{written}: {args.rows} rows, {written.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
