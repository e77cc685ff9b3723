"""Figures as JSON-ready data: amounts as strings with two decimals (exact, never floats),
shares as strings with four decimals (0.4512 = 45.12%) or null when there is nothing to
divide by."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from parity.analytics.basis import Basis
from parity.analytics.definitions import FIGURES
from parity.analytics.models import FigureBuild
from parity.analytics.tables import Table


def _json_cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def table_json(name: str, table: Table, basis: Basis) -> dict[str, Any]:
    figure = FIGURES[name]
    return {
        "name": name,
        "title": figure.title,
        "definition": figure.definition,
        "basis": basis.as_json() if figure.money else None,
        "columns": [asdict(c) for c in table.columns],
        "rows": [{k: _json_cell(v) for k, v in row.items()} for row in table.rows],
        "unconverted": table.unconverted,
        "no_current": table.no_current,
        "notes": table.notes,
    }


def build_json(build: FigureBuild | None) -> dict[str, Any] | None:
    """When the figures were built, in which currency, and what the build left out."""
    if build is None:
        return None
    return {
        "built_at": build.built_at.isoformat(),
        "currency": build.currency,
        "transactions": build.transactions,
        "unconverted": build.unconverted,
        "undated": build.undated,
    }
