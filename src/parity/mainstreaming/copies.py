"""The activity fields the portfolio row (ReviewState) keeps a copy of, read fresh.

Both writers of the row use them: the review services for one activity, the evidence flags
for a chunk, each in the transaction that writes the row.
"""

from __future__ import annotations

from collections.abc import Iterable

from parity.activities.models import Activity

COPIED = ("iati_identifier", "reporting_org_id", "gender_marker", "end_date")


def activity_copies(activity_ids: Iterable[int]) -> dict[int, dict]:
    """The copied fields of each activity, by id, as ReviewState field values."""
    rows = Activity.objects.filter(pk__in=list(activity_ids)).values_list("pk", *COPIED)
    return {
        pk: {"identifier": ident, "reporting_org_id": org, "gender_marker": mark, "end_date": end}
        for pk, ident, org, mark, end in rows
    }
