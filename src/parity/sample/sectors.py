"""DAC 5-digit purpose codes the generator uses, with a project theme in four languages.

The table lives in ``sector_themes.json``. The theme gives each activity a plausible title; the
group picks result indicators that fit the sector. Weights follow the rough shape of bilateral
aid: social sectors first, then infrastructure and production. The two gender-equality codes
(15170, 15180) are drawn apart, almost only for principal-marked activities, so that they come out
mostly with marker 2 as in CRS data. Non-allocable aid types (A01 general budget support, G01
administrative costs, H01 development awareness) go with their own non-sector codes, as in CRS
reporting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from parity.sample.weighted import Weighted


@dataclass(frozen=True)
class SectorTheme:
    code: str
    group: str  # key into parity.sample.indicators.PLAIN and GENDER
    en: str
    fr: str
    es: str
    ja: str


def _theme(row: dict[str, str]) -> SectorTheme:
    return SectorTheme(row["code"], row["group"], row["en"], row["fr"], row["es"], row["ja"])


def _weighted(rows: list[dict[str, Any]]) -> Weighted[SectorTheme]:
    return Weighted((_theme(row), row["weight"]) for row in rows)


_TABLE = json.loads(files("parity.sample").joinpath("sector_themes.json").read_text("utf-8"))

SECTORS = _weighted(_TABLE["sectors"])
GENDER_SECTORS = _weighted(_TABLE["gender_sectors"])
NON_SECTOR: dict[str, SectorTheme] = {
    aid_type: _theme(row) for aid_type, row in _TABLE["non_sector"].items()
}
