"""Pieces every endpoint shares: safe text in query strings, pagination, narratives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from annotated_types import MaxLen
from django.db.models import QuerySet
from ninja import Query, Schema
from pydantic import AfterValidator, BaseModel, Field

from parity.api.errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Far beyond any real list, and far below what a database's OFFSET accepts (a bigger number
# would overflow the SQL integer and fail inside the database instead of here).
MAX_OFFSET = 10_000_000


def no_control_characters(value: str) -> str:
    # PostgreSQL refuses NUL in text, and no filter value legitimately holds control characters.
    if any(ord(c) < 32 and c not in "\t" for c in value):
        raise ValueError("must not contain control characters")
    return value.strip()


SafeText = Annotated[str, Field(max_length=200), AfterValidator(no_control_characters)]


def limit_param() -> Any:
    return Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1 to 500)")


def offset_param() -> Any:
    return Query(0, ge=0, le=MAX_OFFSET, description="Items to skip; past the end is a 404")


S = TypeVar("S", bound=BaseModel)


def as_stored(schema: type[S]) -> type[S]:
    """A response schema that serves whatever the database holds.

    ninja copies each CharField's ``max_length`` into the schema, and a response is validated
    on its way out: one longer value (SQLite does not enforce lengths; rows written before a
    limit) would turn the whole answer into a 500. Limits guard what comes in, not what goes out.
    """
    changed = False
    for field in schema.model_fields.values():
        kept = [rule for rule in field.metadata if not isinstance(rule, MaxLen)]
        if len(kept) != len(field.metadata):
            field.metadata, changed = kept, True
    if changed:
        schema.model_rebuild(force=True)
    return schema


class Narrative(Schema):
    text: str
    lang: str = ""


def page_of(
    queryset: QuerySet | list,
    limit: int,
    offset: int,
    what: str,
    each: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """One page as ``{count, limit, offset, items}``, each item passed through ``each`` if
    given (only the page's items are read and shaped). An offset at or past the end of a list
    that has items is a 404 naming ``offset`` (an empty list gives an empty first page)."""
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    if offset and offset >= count:
        raise ApiError(
            f"offset {offset} is past the end: there are {count} {what}.", "offset", status=404
        )
    items = queryset[offset : offset + limit]
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [each(item) for item in items] if each else list(items),
    }


def check_path_text(value: str, field: str) -> str:
    """A path parameter with a control character can match nothing: a 404, not a crash."""
    if any(ord(c) < 32 for c in value) or len(value) > 300:
        raise ApiError(f"No such {field}.", field, status=404)
    return value
