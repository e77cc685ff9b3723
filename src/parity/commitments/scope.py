"""Which activities count towards a pledge: its listed activities or its rule, as a query.

The rule itself (its JSON form, validation and plain words) is ``scope_rule``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from parity.activities.models import (
    Activity,
    ActivitySector,
    Organisation,
    RecipientCountry,
    Transaction,
)
from parity.commitments.models import PillarTag, Pledge
from parity.commitments.scope_rule import ScopeRule, parse_scope_rule


def rule_q(rule: ScopeRule, period: tuple[date | None, date | None]) -> Q | None:
    """The rule as a filter on activities, or None when it matches nothing.

    Criteria on related rows use ``pk__in`` subqueries rather than joins, so an activity in
    two matching countries is still one activity.
    """
    if rule.is_empty:
        return None
    q = Q() if rule.include_sample else Q(is_sample=False)
    if rule.reporting_orgs:
        # A subquery on the organisations rather than a join: the database can then walk
        # the (reporting_org, gender_marker) index instead of every activity so scored.
        orgs = Organisation.objects.filter(ref__in=rule.reporting_orgs)
        q &= Q(reporting_org__in=orgs.values("pk"))
    if rule.gender_markers:
        q &= Q(gender_marker__in=rule.gender_markers)
    if rule.pillars:
        tagged = Q()
        for key in rule.pillars:
            framework, pillar = key.split(":")
            tagged |= Q(pillar__framework__slug=framework, pillar__slug=pillar)
        q &= Q(pk__in=PillarTag.objects.filter(tagged).values("activity_id"))
    if rule.countries:
        q &= Q(
            pk__in=RecipientCountry.objects.filter(code__in=rule.countries).values("activity_id")
        )
    if rule.sectors:
        codes = Q()
        for code in rule.sectors:
            codes |= Q(code=code) if len(code) == 5 else Q(code__startswith=code)
        sectors = ActivitySector.objects.filter(codes, vocabulary="1")
        q &= Q(pk__in=sectors.values("activity_id"))
    start, end = period
    if rule.dates and start and end:
        if rule.dates == "activity":
            q &= Q(start_date__lte=end) & (Q(end_date__gte=start) | Q(end_date__isnull=True))
        else:
            dated = Transaction.objects.filter(date__gte=start, date__lte=end)
            q &= Q(pk__in=dated.values("activity_id"))
    return q


def scope_q(pledge: Pledge) -> Q:
    """The pledge's scope as a filter on activities: its listed activities or its rule."""
    links = Pledge.scope_activities.through.objects.filter(pledge_id=pledge.pk)
    listed = Q(pk__in=links.values("activity_id"))
    rule = rule_q(parse_scope_rule(pledge.scope_rule), (pledge.period_start, pledge.period_end))
    return listed if rule is None else listed | rule


def scope_activities(pledge: Pledge) -> QuerySet[Activity]:
    """Every activity in the pledge's scope (the union of the list and the rule)."""
    return Activity.objects.filter(scope_q(pledge))
