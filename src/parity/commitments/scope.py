"""Which activities count towards a pledge: its listed activities or its rule, as a query.

The rule itself (its JSON form, validation and plain words) is ``scope_rule``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from parity.activities.models import (
    Activity,
    ActivitySector,
    Organisation,
    ParticipatingOrg,
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
    if rule.by_transaction:
        picked = with_default_aid_text(Transaction.objects.all()).filter(transaction_q(rule))
        q &= Q(pk__in=picked.values("activity_id"))
    start, end = period
    if rule.dates and start and end:
        if rule.dates == "activity":
            q &= Q(start_date__lte=end) & (Q(end_date__gte=start) | Q(end_date__isnull=True))
        else:
            dated = Transaction.objects.filter(date__gte=start, date__lte=end)
            q &= Q(pk__in=dated.values("activity_id"))
    return q


def _own_or_default(field: str, default: str, codes: tuple[str, ...]) -> Q:
    """The transaction's own code in ``codes``, else (none given) its activity's default."""
    return Q(**{f"{field}__in": codes}) | Q(**{field: "", f"activity__{default}__in": codes})


def _aid_type(codes: tuple[str, ...]) -> Q:
    """Aid type by prefix (B02 stands for B021 and B022), the transaction's own, else one of
    its activity's defaults (a JSON list: matched as a quoted code in its text, which every
    backend can do)."""
    own, default = Q(), Q()
    for code in codes:
        own |= Q(aid_type__startswith=code)
        default |= Q(default_aid_text__contains=f'"{code}')
    return own | (Q(aid_type="") & default)


def _channel(channels: tuple[str, ...]) -> Q:
    """A CRS channel code (digits) or name (a text with spaces: the CRS gives names where no
    code is known to the editor), else the receiving organisation's identifier, else (the
    transaction names none) an implementing organisation of the activity."""
    codes = [c for c in channels if c.isdigit()]
    refs = [c for c in channels if not c.isdigit() and " " not in c]
    q = Q(activity__crs__channel_code__in=codes) if codes else Q(pk__in=[])
    for name in (c for c in channels if " " in c):
        q |= Q(activity__crs__channel_name__iexact=name)
    if refs:
        implementing = ParticipatingOrg.objects.filter(role="4", ref__in=refs)
        q |= Q(receiver_ref__in=refs)
        q |= Q(receiver_ref="", activity_id__in=implementing.values("activity_id"))
    return q


def transaction_q(rule: ScopeRule) -> Q:
    """The rule's transaction criteria (flow, finance type, aid type, channel) as a filter on
    transactions; ``Q()`` when it has none. Needs ``with_default_aid_text`` for aid types."""
    q = Q()
    if rule.flows:
        q &= _own_or_default("flow_type", "default_flow_type", rule.flows)
    if rule.finance_types:
        q &= _own_or_default("finance_type", "default_finance_type", rule.finance_types)
    if rule.aid_types:
        q &= _aid_type(rule.aid_types)
    if rule.channels:
        q &= _channel(rule.channels)
    return q


def with_default_aid_text(transactions: QuerySet[Transaction]) -> QuerySet[Transaction]:
    """Transactions with their activity's default aid types as text, for ``transaction_q``."""
    return transactions.annotate(
        default_aid_text=Cast("activity__default_aid_types", output_field=TextField())
    )


def scope_q(pledge: Pledge) -> Q:
    """The pledge's scope as a filter on activities: its listed activities or its rule."""
    links = Pledge.scope_activities.through.objects.filter(pledge_id=pledge.pk)
    listed = Q(pk__in=links.values("activity_id"))
    rule = rule_q(parse_scope_rule(pledge.scope_rule), (pledge.period_start, pledge.period_end))
    return listed if rule is None else listed | rule


def scope_transaction_q(pledge: Pledge) -> Q:
    """The pledge's transaction criteria (``transaction_q``), on a queryset that went through
    ``with_default_aid_text``. An activity listed one by one counts whole."""
    rule = parse_scope_rule(pledge.scope_rule)
    if not rule.by_transaction:
        return Q()
    links = Pledge.scope_activities.through.objects.filter(pledge_id=pledge.pk)
    return Q(activity_id__in=links.values("activity_id")) | transaction_q(rule)


def scope_activities(pledge: Pledge) -> QuerySet[Activity]:
    """Every activity in the pledge's scope (the union of the list and the rule)."""
    return Activity.objects.filter(scope_q(pledge))
