"""Data-quality notes across activities: every part an imported file got wrong that Parity
kept the activity through, filtered by part, action, reporting organisation or file."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import codes_4xx
from pydantic import field_validator

from parity.activities import selectors
from parity.activities.models.quality import DROPPED, KEPT, MAPPED
from parity.api.auth import read_auth
from parity.api.common import SafeText, limit_param, offset_param, page_of
from parity.api.errors import ErrorOut

router = Router(tags=["activities"], auth=read_auth)
ACTIONS = (DROPPED, KEPT, MAPPED)


class NoteFilters(Schema):
    activity: SafeText = Field("", description="One activity's IATI identifier")
    part: SafeText = Field("", description="The element, e.g. recipient-country, transaction")
    action: str = Field(
        "",
        description="What Parity did with the part",
        json_schema_extra={"enum": ["", *ACTIONS]},
    )
    reporting_org: SafeText = Field("", description="Reporting organisation's IATI identifier")
    source_file: SafeText = Field("", description="The file the activity was last imported from")

    @field_validator("action")
    @classmethod
    def known_action(cls, value: str) -> str:
        if value and value not in ACTIONS:
            raise ValueError(f"use one of: {', '.join(ACTIONS)}")
        return value


class NoteRow(Schema):
    activity: str = Field(description="The activity's IATI identifier")
    source_file: str
    part: str
    line: int | None = Field(description="Line of the part in the source file; null if unknown")
    problem: str = Field(description="What was wrong, naming the value")
    action: str = Field(description="dropped, kept as given or mapped")
    value: str = Field(description="The value exactly as the file gave it (never truncated)")


class NotePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NoteRow]


@router.get(
    "/data-notes",
    response={200: NotePage, codes_4xx: ErrorOut},
    summary="List data-quality notes",
)
def list_notes(
    request: HttpRequest,
    filters: Query[NoteFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    """The parts of imported activities that were dropped, kept as given or mapped, ordered by
    activity identifier then file order."""
    notes = selectors.data_notes(selectors.NoteFilter(**filters.dict())).values(
        "identifier", "source_file", "part", "line", "problem", "action", "value"
    )
    # "activity" names the model's foreign key, so the query cannot use it as an alias.
    return page_of(
        notes,
        limit,
        offset,
        "data-quality notes",
        each=lambda row: {**row, "activity": row["identifier"]},
    )
