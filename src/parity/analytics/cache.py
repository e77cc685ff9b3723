"""The figures' cache: each computed figure kept per (build, filters, figure name).

Exact, not time-limited. A figure computed from the fact table changes only when
``facts.facts_refresh`` rebuilds it, so the key names the build (its id and timestamp); the
few other inputs a cached figure reads are folded into the same key (the deflator series at
constant prices, the priority areas' names and ids). ``facts_refresh`` empties the cache in the
transaction that replaces the fact table, then warms the unfiltered default view.

Figures that read live tables rather than the fact table (``LIVE``: results by sex read the
activities' results, pledge progress reads the pledges) are never cached.

Entries live in the database (``models.FigureCache``): they survive restarts and are shared by
every worker. The payload is the figure's ``tables.Table`` as JSON, decimals tagged so a
table read back equals the computed one exactly.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from parity.analytics.filters import Filters
from parity.analytics.lookups import deflator_index, pillar_ids, priority_areas
from parity.analytics.models import FigureBuild, FigureCache
from parity.analytics.tables import Column, Table

LIVE = frozenset({"results-by-sex", "pledge-progress"})
# Part of every key: raised when a cached table's shape changes, so that tables cached before
# are not read back (2: a purpose code's column carries its code apart from its name; 3: a
# recipient region's code is its code, "998", not the facts' key "region:998"; 4: the "All
# others" row's code is empty, not "*").
FORMAT = 4
_DECIMAL = "$decimal"


class UncacheableError(TypeError):
    """A table holding a value the cache cannot store exactly (it is then not cached)."""


def _encode_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, Decimal):
        return {_DECIMAL: format(value, "f")}
    raise UncacheableError(f"cannot cache a {type(value).__name__}")


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return Decimal(value[_DECIMAL])
    return value


def encode(table: Table) -> str:
    return json.dumps(
        {
            "columns": [asdict(c) for c in table.columns],
            "rows": [{k: _encode_value(v) for k, v in row.items()} for row in table.rows],
            "unconverted": table.unconverted,
            "no_current": table.no_current,
            "notes": list(table.notes),
        },
        separators=(",", ":"),
    )


def decode(payload: str) -> Table:
    data = json.loads(payload)
    return Table(
        columns=[Column(**c) for c in data["columns"]],
        rows=[{k: _decode_value(v) for k, v in row.items()} for row in data["rows"]],
        unconverted=data["unconverted"],
        no_current=data.get("no_current", 0),  # entries cached before it was counted
        notes=data["notes"],
    )


def filters_key(filters: Filters) -> str:
    """The parsed filters as canonical JSON (sorted keys, no spaces)."""
    return json.dumps(asdict(filters), sort_keys=True, separators=(",", ":"))


def build_key(filters: Filters, build: FigureBuild | None) -> str:
    """The build the figures come from, and the other inputs they read, as one short key."""
    stamp: list[Any] = [build.pk, build.built_at.isoformat()] if build else [None]
    stamp.append(FORMAT)
    stamp.append(sorted(priority_areas().items()))
    stamp.append(sorted(pillar_ids().items()))
    if filters.prices == "constant":
        series = sorted(deflator_index(filters.deflator).items())
        stamp.append([(y, str(i)) for y, i in series])
    return hashlib.sha256(json.dumps(stamp, default=str).encode()).hexdigest()


def _digest(build: str, filters: str, name: str) -> str:
    return hashlib.sha256(f"{build}\n{filters}\n{name}".encode()).hexdigest()


def read(build: str, filters: str, names: list[str]) -> dict[str, Table]:
    """The cached tables among ``names`` (one query)."""
    digests = {_digest(build, filters, name): name for name in names}
    found = FigureCache.objects.filter(digest__in=list(digests)).values_list("digest", "payload")
    return {digests[digest]: decode(payload) for digest, payload in found}


def write(build: str, filters: str, tables: dict[str, Table]) -> None:
    """Store computed tables; one another request stored first is kept (they are equal)."""
    entries = []
    for name, table in tables.items():
        try:
            payload = encode(table)
        except UncacheableError:
            continue
        entries.append(
            FigureCache(
                build=build,
                filters=filters,
                digest=_digest(build, filters, name),
                name=name,
                payload=payload,
            )
        )
    if not entries:
        return
    try:
        with transaction.atomic():
            FigureCache.objects.bulk_create(entries, ignore_conflicts=True)
    except IntegrityError:  # pragma: no cover - ignore_conflicts already skips duplicates
        pass


def clear() -> int:
    """Forget every cached figure (``facts_refresh`` calls it)."""
    return FigureCache.objects.all().delete()[0]
