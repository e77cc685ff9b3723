"""Values longer than their column: the column is left empty and the value kept whole in a
data-quality note on the activity.

The reader keeps codes outside their codelist as given, untruncated. SQLite stores any length
but PostgreSQL refuses the row, and with it the whole activity: without this step the same
file would keep an activity on one database and lose it on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from operator import itemgetter

from django.db import models

# The IATI element a table's rows come from, as data-quality notes name it.
_ELEMENTS = {
    "Activity": "iati-activity",
    "ActivityDescription": "description",
    "ActivityDate": "activity-date",
    "ParticipatingOrg": "participating-org",
    "RecipientCountry": "recipient-country",
    "RecipientRegion": "recipient-region",
    "ActivitySector": "sector",
    "PolicyMarker": "policy-marker",
    "Budget": "budget",
    "Transaction": "transaction",
    "DocumentLink": "document-link",
    "Location": "location",
    "RelatedActivity": "related-activity",
}


@cache
def _limits(model: type[models.Model], columns: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(index, max_length) of each column of ``columns`` that has a length limit."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return tuple(
        (index, field.max_length)
        for index, name in enumerate(columns)
        if isinstance(field := fields.get(name), models.CharField) and field.max_length
    )


def fit_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: list[tuple],
    notes: list[tuple],
) -> list[tuple]:
    """``rows`` (tuples of ``columns``, the activity's id first) with every over-long text
    emptied; append a note row (activity_id, part, line, problem, action, value) for each to
    ``notes``. The lengths are compared a column at a time in C (``_fit``): nearly every
    batch fits, and is given back as it came."""
    limits = _limits(model, tuple(columns))
    try:
        if all(max(map(len, map(itemgetter(i), rows)), default=0) <= n for i, n in limits):
            return rows
    except TypeError:  # a column holding something else than text (None): row by row
        pass
    element = _ELEMENTS.get(model.__name__, model._meta.model_name or "")
    fitted = []
    for row in rows:
        long = [(i, n) for i, n in limits if isinstance(row[i], str) and len(row[i]) > n]
        if not long:
            fitted.append(row)
            continue
        values = list(row)
        for index, limit in long:
            notes.append(overflow_note(row[0], element, columns[index], values[index], limit))
            values[index] = ""
        fitted.append(tuple(values))
    return fitted


def overflow_note(activity_id: int, element: str, column: str, value: str, limit: int) -> tuple:
    problem = (
        f"{column.replace('_', ' ')} of {len(value):,} characters is longer than the {limit} "
        "Parity stores for it: kept whole in this note, the field left empty"
    )
    return (activity_id, element, None, problem, "kept as given", value)


def fits(model: type[models.Model], column: str, value: str) -> bool:
    limits = dict(_limits(model, (column,)))
    return 0 not in limits or len(value) <= limits[0]
