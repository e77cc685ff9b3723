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
from functools import cache
from typing import Any

from django.db import connection, models

Converter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@cache
def _table_plan(
    model: type[models.Model], with_ids: bool
) -> tuple[str, list[str], list[Any], list[Converter]]:
    """The INSERT statement, column names, defaults and value converters of a model."""
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    columns, defaults, converters = [], [], []
    for field in fields:
        columns.append(field.attname)
        defaults.append(None if field.primary_key else field.get_default())
        if isinstance(field, models.JSONField):
            converters.append(_json_converter())
        elif isinstance(field, models.DecimalField):
            converters.append(
                lambda v, f=field: (
                    None
                    if v is None
                    else ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
                )
            )
        elif isinstance(field, models.DateTimeField):
            converters.append(lambda v: None if v is None else ops.adapt_datetimefield_value(v))
        elif isinstance(field, models.DateField):
            converters.append(lambda v: None if v is None else ops.adapt_datefield_value(v))
        else:
            converters.append(_identity)
    quoted = ", ".join(ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({marks})"
    return sql, columns, defaults, converters


def _json_converter() -> Converter:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return lambda v: Jsonb(v)
    return lambda v: json.dumps(v, ensure_ascii=False)


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, with_ids: bool = False
) -> int:
    """Insert rows given as {attname: python value}; missing fields take the model default.

    With ``with_ids`` every row carries its own primary key (from allocate_ids); otherwise
    the database assigns them.
    """
    sql, columns, defaults, converters = _table_plan(model, with_ids)
    prepared = [
        tuple(
            convert(row.get(name, default))
            for name, default, convert in zip(columns, defaults, converters, strict=True)
        )
        for row in rows
    ]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
    return len(prepared)


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
