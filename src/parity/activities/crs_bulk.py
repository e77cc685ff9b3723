"""Inserting CRS rows as tuples (the loader's fast path, beside bulk.py's dict rows).

A CRS file gives every row the same shape, so each table gets one INSERT naming the columns
the CRS fills; every other column takes its model default, computed once. At a million rows
this saves building and merging a dict per row (docs/performance.md, CRS import).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from itertools import islice
from json.encoder import encode_basestring
from typing import Any

from django.db import connection, models

CHUNK_ROWS = 5000


def _json() -> Callable[[Any], Any]:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb
    dumps = partial(json.dumps, ensure_ascii=False)
    return lambda value: "[]" if value == [] else dumps(value)


@cache
def _plan(
    model: type[models.Model], columns: tuple[str, ...], encoded: frozenset[str]
) -> tuple[str, tuple, tuple[tuple[int, Callable[[Any], Any]], ...]]:
    """The INSERT, the values of the columns not given, and the converters of those given.

    ``encoded`` JSON columns arrive as JSON text: written as they are (cast on PostgreSQL)."""
    ops = connection.ops
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
    to_json = _json()

    def stored(field: models.Field, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(field, models.JSONField):
            return to_json(value)
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value(value)
        return value

    tail = tuple(stored(f, f.get_default()) for f in rest)
    converters = tuple(
        (index, partial(stored, fields[name]))
        for index, name in enumerate(columns)
        if isinstance(fields[name], models.JSONField | models.DateTimeField) and name not in encoded
    )
    names = [fields[name].column for name in columns] + [f.column for f in rest]
    quoted = ", ".join(ops.quote_name(name) for name in names)
    cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    marks = ", ".join(
        cast if name in encoded else "%s" for name in [*columns, *(f.attname for f in rest)]
    )
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({marks})"
    return sql, tail, converters


def json_narrative(text: str) -> str:
    """``[{"text": text, "lang": ""}]`` as JSON text (as json.dumps writes it), or ``[]``."""
    return f'[{{"text": {encode_basestring(text)}, "lang": ""}}]' if text else "[]"


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    encoded: frozenset[str] = frozenset(),
) -> int:
    """Insert rows given as tuples of ``columns`` (attnames); other columns get defaults.

    JSON columns named in ``encoded`` are given as JSON text (json_narrative), the others as
    Python values."""
    sql, tail, converters = _plan(model, tuple(columns), encoded)
    iterator = iter(rows)
    count = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            if converters:
                prepared = []
                for row in chunk:
                    values = list(row)
                    for index, convert in converters:
                        values[index] = convert(values[index])
                    prepared.append((*values, *tail))
            else:
                prepared = [(*row, *tail) for row in chunk]
            cursor.executemany(sql, prepared)
            count += len(prepared)
    return count
