"""Pieces every endpoint shares: safe text in query strings, pagination, narratives."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Query, Schema
from pydantic import AfterValidator, Field

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


class Narrative(Schema):
    text: str
    lang: str = ""


def page_of(queryset: QuerySet | list, limit: int, offset: int, what: str) -> dict[str, Any]:
    """One page as ``{count, limit, offset, items}``. An offset at or past the end of a list
    that has items is a 404 naming ``offset`` (an empty list gives an empty first page)."""
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    if offset and offset >= count:
        raise ApiError(
            f"offset {offset} is past the end: there are {count} {what}.", "offset", status=404
        )
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": list(queryset[offset : offset + limit]),
    }


def check_path_text(value: str, field: str) -> str:
    """A path parameter with a control character can match nothing: a 404, not a crash."""
    if any(ord(c) < 32 for c in value) or len(value) > 300:
        raise ApiError(f"No such {field}.", field, status=404)
    return value
