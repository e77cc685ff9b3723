"""The identification indicators, read from ``indicators.json`` (data, not code)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("indicators.json")


@cache
def catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PATH.read_text(encoding="utf-8"))
    return data


def indicator_ids() -> tuple[str, ...]:
    return tuple(item["id"] for item in catalogue()["ilo_forced_labour"])


def unknown(ids: list[str]) -> list[str]:
    known = set(indicator_ids())
    return [i for i in ids if i not in known]
