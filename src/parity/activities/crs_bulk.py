"""Inserting CRS rows as tuples (the loader's fast path, beside bulk.py's dict rows).

A CRS file gives every row the same shape, so each table gets one INSERT naming the columns
the CRS fills; every other column takes its model default, computed once (on SQLite written
into the statement as a literal, so rows go to the driver as given). At a million rows
this saves building and merging a dict per row (docs/performance.md, CRS import).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache, partial
from itertools import chain, islice
from json.encoder import encode_basestring
from typing import Any

from django.db import connection, models

CHUNK_ROWS = 5000
# Parameters of one grouped SQLite INSERT (``grouped``): SQLite's smallest compiled-in limit.
MAX_PARAMS = 999


def _json() -> Callable[[Any], Any]:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb
    dumps = partial(json.dumps, ensure_ascii=False)
    return lambda value: "[]" if value == [] else dumps(value)


@cache
def _plan(
    model: type[models.Model], columns: tuple[str, ...], ready: frozenset[str]
) -> tuple[str, tuple, tuple[tuple[int, Callable[[Any], Any]], ...]]:
    """The INSERT (COPY on PostgreSQL, whose columns parse JSON text themselves), the values
    of the columns not given, and the converters of those given but not ``ready``."""
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

    defaults = [stored(f, f.get_default()) for f in rest]
    converters = tuple(
        (index, partial(stored, fields[name]))
        for index, name in enumerate(columns)
        if isinstance(fields[name], models.JSONField | models.DateTimeField) and name not in ready
    )
    names = [fields[name].column for name in columns] + [f.column for f in rest]
    quoted = ", ".join(ops.quote_name(name) for name in names)
    table = ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        return f"COPY {table} ({quoted}) FROM STDIN", tuple(defaults), converters
    # SQLite: the defaults written into the statement, so a row goes to the driver as given,
    # not copied into a longer tuple (a quarter of a million rows per 10,000 IATI activities).
    literals = [_sql_literal(value) for value in defaults]
    marks = ", ".join(["%s"] * len(columns) + [lit or "%s" for lit in literals])
    tail = tuple(value for value, lit in zip(defaults, literals, strict=True) if lit is None)
    return f"INSERT INTO {table} ({quoted}) VALUES ({marks})", tail, converters


def _sql_literal(value: Any) -> str | None:
    """``value`` as an SQLite literal, % doubled for the driver's paramstyle (None: pass it as a
    parameter)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    return None


def json_narrative(text: str) -> str:
    """``[{"text": text, "lang": ""}]`` as JSON text (as json.dumps writes it), or ``[]``."""
    return f'[{{"text": {encode_basestring(text)}, "lang": ""}}]' if text else "[]"


def db_datetime(value: datetime) -> Any:
    """An aware datetime as the database's driver takes it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    ready: frozenset[str] = frozenset(),
    *,
    grouped: bool = False,
) -> int:
    """Insert rows given as tuples of ``columns`` (attnames); other columns get defaults.

    Columns named in ``ready`` are given as the database takes them (JSON as text, from
    json_narrative or json.dumps; times from db_datetime); the others as Python values.
    ``grouped`` (SQLite, rows needing no conversion): many rows per INSERT statement, whose
    per-statement work executemany otherwise repeats for every row (the IATI loader)."""
    sql, tail, converters = _plan(model, tuple(columns), ready)
    if connection.vendor == "postgresql":
        return _copy(sql, rows, tail, converters)
    if grouped and not converters and not tail:
        return _insert_grouped(sql, len(columns), rows)
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
            elif tail:
                prepared = [(*row, *tail) for row in chunk]
            else:
                prepared = chunk
            cursor.executemany(sql, prepared)
            count += len(prepared)
    return count


@cache
def _grouped_sql(sql: str, per_statement: int) -> str:
    head, values, group = sql.partition(" VALUES ")
    return head + values + ", ".join([group] * per_statement)


def _insert_grouped(sql: str, width: int, rows: Iterable[tuple]) -> int:
    """SQLite: the rows as INSERTs of ``MAX_PARAMS // width`` rows each (the parameters of
    a statement flattened in C), the remainder one row per statement."""
    per_statement = max(1, MAX_PARAMS // width)
    grouped_sql = _grouped_sql(sql, per_statement)
    step = per_statement * width
    iterator = iter(rows)
    count = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            full = len(chunk) - len(chunk) % per_statement
            if full:
                flat = list(chain.from_iterable(chunk[:full]))
                if len(flat) != full * width:
                    raise ValueError(f"rows of {width} values expected")
                cursor.executemany(
                    grouped_sql, [flat[i : i + step] for i in range(0, len(flat), step)]
                )
            if full < len(chunk):
                cursor.executemany(sql, chunk[full:])
            count += len(chunk)
    return count


def _copy(sql: str, rows: Iterable[tuple], tail: tuple, converters) -> int:
    """PostgreSQL: COPY, which psycopg feeds row by row in C and the server parses in bulk
    (JSON text is read as jsonb by the column's own input function)."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if converters:
                values = list(row)
                for index, convert in converters:
                    values[index] = convert(values[index])
                row = values
            copy.write_row((*row, *tail))
            count += 1
    return count
