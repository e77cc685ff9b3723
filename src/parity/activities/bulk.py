"""Fast inserts for imports: rows as plain dicts, written with one executemany per table.

Django's bulk_create builds a model instance and prepares every value through the field API,
which costs more than parsing the XML. Imports write tens of rows per activity, so this module
writes them directly, still using Django's own value adapters for dates, decimals and JSON.
Parent rows (activities, results, indicators, periods) get their ids allocated up front so
children can point at them without a round trip per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache, partial
from itertools import islice
from operator import itemgetter
from typing import Any

from django.db import connection, models

Converter = Callable[[Any], Any]


CHUNK_ROWS = 5000  # rows per executemany: bounds memory when one activity has 300k transactions


@cache
def _table_plan(
    model: type[models.Model], with_ids: bool
) -> tuple[str, tuple[str, ...], dict[str, Any], tuple[tuple[int, Converter], ...]]:
    """The INSERT statement, column names, defaults and the converters some columns need.

    Dates and decimals go to the driver as they are (Django registers SQLite adapters for
    them; psycopg knows them); JSON is serialised and aware datetimes made naive UTC as
    Django would.
    """
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    converters: list[tuple[int, Converter]] = []
    for index, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            converters.append((index, _json_converter()))
        elif isinstance(field, models.DateTimeField):
            converters.append((index, ops.adapt_datetimefield_value))
    columns = tuple(field.attname for field in fields)
    defaults = {
        field.attname: None if field.primary_key else field.get_default() for field in fields
    }
    quoted = ", ".join(ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({marks})"
    return sql, columns, defaults, tuple(converters)


def _json_converter() -> Converter:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb
    dumps = partial(json.dumps, ensure_ascii=False)
    # Most narrative lists of parts are empty: skip the encoder for them.
    return lambda value: "[]" if value == [] else dumps(value)


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_ids: bool = False
) -> int:
    """Insert rows given as {attname: python value}; missing fields take the model default.

    With ``with_ids`` every row carries its own primary key (from allocate_ids); otherwise
    the database assigns them. Rows are consumed lazily, a chunk at a time.
    """
    sql, columns, defaults, converters = _table_plan(model, with_ids)
    values_of = itemgetter(*columns)
    iterator = iter(rows)
    count = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK_ROWS)):
            prepared = []
            for row in chunk:
                values = list(values_of({**defaults, **row}))
                for index, convert in converters:
                    if values[index] is not None:
                        values[index] = convert(values[index])
                prepared.append(values)
            cursor.executemany(sql, prepared)
            count += len(prepared)
    return count


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` primary keys for rows about to be inserted in this transaction."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the write lock is held from the transaction's start (BEGIN IMMEDIATE), so
        # nobody else can take these ids; sqlite_sequence keeps ids of deleted rows unused.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
        return list(range(start, start + count))
