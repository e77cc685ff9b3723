"""Read-side queries for the commitments pages (progress itself is in ``tracking``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from parity.commitments.models import Framework, Pillar, PillarTag, Pledge
from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.money_rows import MONEY_REASONS, excluded_transactions
from parity.commitments.tracking.pledge import PledgeReport, pledge_report

ACTIVITIES_PER_PILLAR = 10
_EXCLUDED_FIELDS = (
    "id",
    "activity__iati_identifier",
    "activity__title",
    "type",
    "date",
    "value",
    "currency",
    "activity__default_currency",
    "row_marker",
)


def pledges() -> QuerySet[Pledge]:
    return Pledge.objects.select_related("event", "framework").prefetch_related(
        "output_targets", "pillars__framework"
    )


class CountedRows(Sequence):
    """A queryset whose length is already known, for a paginator: counting the rows left out
    for a reason scans every transaction in scope, and the report has the count."""

    def __init__(self, rows: QuerySet, count: int, missing: dict[str, Any] | None = None) -> None:
        self.rows, self.length = rows, count
        self.missing = missing or {}  # fields not read, with what to show instead

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: Any) -> Any:
        if not self.missing:
            return self.rows[index]
        if isinstance(index, slice):
            return [{**self.missing, **row} for row in self.rows[index]]
        return {**self.missing, **self.rows[index]}


def excluded_rows(pledge: Pledge, report: MoneyReport, key: str) -> Any:
    """The transactions in scope left out for ``key``, as dicts (a queryset when the database
    decided, a list for rows without an exchange rate)."""
    if key != "rate":
        count = next((r.count for r in report.reasons if r.key == key), 0)
        rows = excluded_transactions(pledge, key)
        if key == "value":  # these values cannot be read back: shown as none
            fields = [name for name in _EXCLUDED_FIELDS if name != "value"]
            return CountedRows(rows.values(*fields), count, {"value": None})
        return CountedRows(rows.values(*_EXCLUDED_FIELDS), count)
    return [
        {
            "id": pk,
            "activity__iati_identifier": e.row.activity_id,
            "activity__title": "",
            "type": e.row.type_code,
            "date": e.row.date,
            "value": e.row.value,
            "currency": e.row.currency,
            "activity__default_currency": "",
            "row_marker": e.row.gender_marker,
            "detail": e.detail,
        }
        for e, pk in zip(report.progress.unconverted, report.unconverted_ids, strict=True)
    ]


@dataclass
class PillarView:
    pillar: Pillar
    activity_count: int
    activities: list[Any]
    pledges: list[tuple[PledgeReport, Decimal | None]] = field(default_factory=list)


def framework_page(framework: Framework) -> dict[str, Any]:
    """A framework's pillars, each with its activities and the pledges under it, with their
    progress (a pledge's money under a pillar is its transactions from activities tagged so)."""
    linked = (
        pledges()
        .filter(Q(framework=framework) | Q(pillars__framework=framework))
        .distinct()
        .order_by("announced_on", "title")
    )
    reports = {p.pk: pledge_report(p) for p in linked}
    views = []
    pillars = Pillar.objects.filter(framework=framework).annotate(
        activity_count=Count("tags", distinct=True)
    )
    for pillar in pillars:
        tags = (
            PillarTag.objects.filter(pillar=pillar)
            .select_related("activity")
            .order_by("activity__iati_identifier")[:ACTIVITIES_PER_PILLAR]
        )
        view = PillarView(pillar, pillar.activity_count, [t.activity for t in tags])
        for pledge in linked:
            if pillar not in pledge.pillars.all() and pledge.framework_id != framework.pk:
                continue
            report = reports[pledge.pk]
            amount = None
            if report.money:
                amount = report.money.progress.by_pillar.get(str(pillar.pk), Decimal(0))
            if pillar in pledge.pillars.all() or amount:
                view.pledges.append((report, amount))
        views.append(view)
    return {
        "framework": framework,
        "pillars": views,
        "reports": list(reports.values()),
        "money_reasons": MONEY_REASONS,
    }
