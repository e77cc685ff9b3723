"""`parity stats` figures: counts and sums straight from the database, to check an import."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from parity.activities import models as m


def database_stats(reporting_org: str = "") -> dict:
    activities = m.Activity.objects.all()
    if reporting_org:
        activities = activities.filter(reporting_org__ref=reporting_org)
    ids = activities.values("id")
    transactions = m.Transaction.objects.filter(activity__in=ids)
    markers = m.PolicyMarker.objects.filter(activity__in=ids)
    results = m.Result.objects.filter(activity__in=ids)
    sums: dict[str, dict[str, str]] = defaultdict(dict)
    for row in transactions.values("type", "currency").annotate(total=Sum("value")):
        total = Decimal(row["total"]).normalize()
        sums[row["type"]][row["currency"] or "(none)"] = f"{total:f}"
    return {
        "reporting_org": reporting_org or None,
        "activities": activities.count(),
        "transactions": transactions.count(),
        "transactions_by_type": dict(
            sorted(
                (
                    (row["type"], row["n"])
                    for row in transactions.values("type").annotate(n=Count("id"))
                ),
                key=lambda item: int(item[0]),
            )
        ),
        "transaction_value_by_type_and_currency": dict(
            sorted(sums.items(), key=lambda item: int(item[0]))
        ),
        "budgets": m.Budget.objects.filter(activity__in=ids).count(),
        "policy_markers": markers.count(),
        "policy_markers_by_vocabulary_code_significance": [
            {
                "vocabulary": row["vocabulary"],
                "code": row["code"],
                "significance": row["significance"],
                "count": row["n"],
            }
            for row in markers.values("vocabulary", "code", "significance")
            .annotate(n=Count("id"))
            .order_by("vocabulary", "code", "significance")
        ],
        "gender_marker": {
            str(row["gender_marker"]) if row["gender_marker"] is not None else "not screened": row[
                "n"
            ]
            for row in activities.values("gender_marker").annotate(n=Count("id"))
        },
        "results": results.count(),
        "indicators": m.Indicator.objects.filter(result__in=results.values("id")).count(),
    }
