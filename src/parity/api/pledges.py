"""Pledges with their progress (money and outputs), status and the evidence behind each figure."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import codes_4xx

from parity.api.auth import read_auth
from parity.api.common import SafeText, check_path_text, limit_param, offset_param, page_of
from parity.api.errors import ApiError, ErrorOut
from parity.commitments import selectors
from parity.commitments.models import Pledge
from parity.commitments.tracking.money import MoneyReport
from parity.commitments.tracking.outputs import OutputReport
from parity.commitments.tracking.pledge import PledgeReport, pledge_report

MAX_EVIDENCE = 1000


class MoneyEvidenceOut(Schema):
    transaction_id: int
    activity: str
    type_code: str
    date: date
    value: Decimal
    currency: str
    value_date: date | None
    gender_marker: str
    rate: Decimal | None
    rate_basis: str
    rate_source: str
    amount: Decimal = Field(description="In the target's currency, as added up")
    pillars: list[str]


class ReasonOut(Schema):
    key: str
    reason: str
    count: int


class MoneyOut(Schema):
    amount: Decimal
    currency: str
    basis: str
    period_start: date
    period_end: date
    total: Decimal
    share: Decimal = Field(description="total / amount: 1 means the target is reached")
    status: str
    status_rule: str
    by_year: dict[int, Decimal]
    contributing: int = Field(description="How many transactions the total adds up")
    excluded: list[ReasonOut]
    evidence: list[MoneyEvidenceOut] = Field(description="A page of the contributing rows")


class OutputEvidenceOut(Schema):
    value_id: int
    activity: str
    indicator: str
    period_end: date | None
    value: Decimal | None
    sex: str
    reason: str = ""


class OutputOut(Schema):
    id: int
    description: str
    quantity: Decimal
    unit: str
    sex: str
    total: Decimal
    share: Decimal
    status: str
    status_rule: str
    indicators_matched: int
    contributing: list[OutputEvidenceOut]
    excluded: list[ReasonOut]


class PledgeSummary(Schema):
    slug: str
    title: str
    announced_by: str
    announced_on: date | None
    announced_precision: str = Field(
        description='How precisely the source dates it: "day", "month" or "year"'
    )
    event: str | None
    framework: str | None
    period_start: date | None
    period_end: date | None
    period_precision: str = Field(
        description='How precisely the source gives the period ("year": 2016 to 2018)'
    )
    money_amount: Decimal | None
    money_currency: str
    reported_status: str = Field(description="The status as the pledge's source words it")
    statuses: list[str] = Field(description="Parity's computed status of each target")


class PledgeDetail(PledgeSummary):
    description: str
    source: str
    scope: str
    scope_activities_matched: int
    scope_warnings: list[str]
    scope_gaps: list[str] = Field(description="Parts of the scope the loaded data cannot cover")
    scope_reasoning: str = Field(
        description="Why the scope counts the pledge's money (the editor's)"
    )
    marker_condition: str = Field(description='"focused" (marker 1 or 2), "principal" or "any"')
    basis_from_source: bool = Field(
        description="False: commitments or disbursements is the editor's choice"
    )
    editor_links: str = Field(
        description="Links the source does not make, with the editor's reason"
    )
    money: MoneyOut | None
    money_problem: str
    outputs: list[OutputOut]
    output_problems: list[str]


class PledgeFilters(Schema):
    q: SafeText = Field("", description="Words in the title or description")


class PledgePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PledgeSummary]


def summary(report: PledgeReport) -> dict:
    pledge = report.pledge
    return {
        "slug": pledge.slug,
        "title": pledge.title,
        "announced_by": pledge.announced_by,
        "announced_on": pledge.announced_on,
        "announced_precision": pledge.announced_precision,
        "event": pledge.event.slug if pledge.event else None,
        "framework": pledge.framework.slug if pledge.framework else None,
        "period_start": pledge.period_start,
        "period_end": pledge.period_end,
        "period_precision": pledge.period_precision,
        "money_amount": pledge.money_amount,
        "money_currency": pledge.money_currency,
        "reported_status": pledge.reported_status,
        "statuses": [str(s) for s in report.statuses],
    }


def money_out(money: MoneyReport, limit: int, offset: int) -> dict:
    return {
        "amount": money.target.amount,
        "currency": money.target.currency,
        "basis": str(money.target.basis),
        "period_start": money.period.start,
        "period_end": money.period.end,
        "total": money.progress.total,
        "share": money.progress.share,
        "status": str(money.status),
        "status_rule": money.status_rule,
        "by_year": dict(money.progress.by_year),
        "contributing": money.count,
        "excluded": [asdict(r) for r in money.reasons],
        "evidence": [asdict(e) for e in money.evidence(offset, offset + limit)],
    }


def output_out(output: OutputReport) -> dict:
    return {
        "id": output.target.pk,
        "description": output.target.description,
        "quantity": output.goal.quantity,
        "unit": output.goal.unit,
        "sex": output.target.sex,
        "total": output.progress.total,
        "share": output.progress.share,
        "status": str(output.status),
        "status_rule": output.status_rule,
        "indicators_matched": output.indicators_matched,
        "contributing": [asdict(e) for e in output.contributing],
        "excluded": [asdict(r) for r in output.reasons],
    }


router = Router(tags=["pledges"], auth=read_auth)


@router.get(
    "/pledges",
    response={200: PledgePage, codes_4xx: ErrorOut},
    summary="List pledges with their status",
)
def list_pledges(
    request: HttpRequest,
    filters: Query[PledgeFilters],
    limit: int = limit_param(),
    offset: int = offset_param(),
):
    q = filters.q
    pledges = selectors.pledges().order_by("announced_on", "title", "pk")
    if q:
        pledges = pledges.filter(title__icontains=q) | pledges.filter(description__icontains=q)
    return page_of(pledges, limit, offset, "pledges", each=lambda p: summary(pledge_report(p)))


@router.get(
    "/pledges/{slug}",
    response={200: PledgeDetail, codes_4xx: ErrorOut},
    summary="One pledge: progress, evidence",
)
def get_pledge(
    request: HttpRequest,
    slug: str,
    evidence_limit: int = Query(100, ge=0, le=MAX_EVIDENCE, description="Money evidence rows"),
    evidence_offset: int = Query(0, ge=0, le=10_000_000, description="Evidence rows to skip"),
):
    """Progress against the money target and each output target, with the status rule that
    decided each status, the count of rows left out for each reason, and the contributing
    rows (money evidence a page at a time)."""
    check_path_text(slug, "pledge")
    try:
        pledge = selectors.pledges().get(slug=slug)
    except Pledge.DoesNotExist:
        raise ApiError(f"No pledge {slug!r}.", "slug", 404) from None
    report = pledge_report(pledge)
    money = report.money
    if money and evidence_offset and evidence_offset >= money.count:
        raise ApiError(
            f"evidence_offset {evidence_offset} is past the end: {money.count} rows.",
            "evidence_offset",
            404,
        )
    scope = report.scope
    return {
        **summary(report),
        "description": pledge.description,
        "source": pledge.source,
        "scope": scope.description,
        "scope_activities_matched": scope.matched,
        "scope_warnings": list(scope.warnings),
        "scope_gaps": list(scope.gaps),
        "scope_reasoning": pledge.scope_reasoning,
        "marker_condition": pledge.marker_condition,
        "basis_from_source": pledge.basis_from_source,
        "editor_links": pledge.editor_links,
        "money": money_out(money, evidence_limit, evidence_offset) if money else None,
        "money_problem": report.money_problem,
        "outputs": [output_out(o) for o in report.outputs],
        "output_problems": [f"{t.description}: {problem}" for t, problem in report.output_problems],
    }
