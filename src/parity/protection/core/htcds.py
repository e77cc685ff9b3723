"""De-identified case records in the column structure of the Human Trafficking Case Data Standard,
as published in the CTDC global dataset (one row per case, 0/1 flags for means of control and
exploitation types). Only non-identifying fields go in; see docs/protection.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from parity.protection.core.indicators import catalogue

BASE_FIELDS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "identificationStatus",
)
EXPLOITATION_FIELDS = (
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
)
GENDER = {"female": "Female", "male": "Male", "other": "Other", "unknown": ""}
MINOR_BANDS = {"0-8", "9-17"}


def fields() -> tuple[str, ...]:
    return BASE_FIELDS + tuple(catalogue()["htcds_means_of_control"]) + EXPLOITATION_FIELDS


def record(case: Mapping[str, Any]) -> dict[str, Any]:
    """One HTCDS row from a case's de-identified facts: year, datasource, sex, age_band,
    nationality, identification, indicators (ids), exploitation (topic code)."""
    cat = catalogue()
    row: dict[str, Any] = dict.fromkeys(fields(), 0)
    band = case.get("age_band") or "unknown"
    row.update(
        {
            "yearOfRegistration": case["year"],
            "Datasource": case.get("datasource", "Case Management"),
            "gender": GENDER.get(case.get("sex") or "unknown", ""),
            "ageBroad": "" if band == "unknown" else band,
            "majorityStatus": ""
            if band == "unknown"
            else ("Minor" if band in MINOR_BANDS else "Adult"),
            "citizenship": case.get("nationality") or "",
            "identificationStatus": case.get("identification", ""),
        }
    )
    by_id = {item["id"]: item["htcds"] for item in cat["ilo_forced_labour"]}
    indicators = list(case.get("indicators") or [])
    for indicator in indicators:
        if indicator in by_id:
            row[by_id[indicator]] = 1
    if not indicators:
        row["meansOfControlNotSpecified"] = 1
    exploitation = cat["htcds_exploitation"].get(case.get("exploitation") or "")
    if exploitation:
        row[exploitation] = 1
    return row


def records(cases: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [record(case) for case in cases]
