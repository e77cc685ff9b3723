"""Selectors: a pledge's progress from the database, with the evidence behind every figure.

The arithmetic is ``parity.progress``; this module only chooses and reads the rows.

Money: the transactions of the activities in scope. Rows that ``money_progress`` would leave
out for a reason the database can tell (wrong type, dated outside the period, gender marker 0
or not screened) are counted and listed by SQL and never read into Python; the remaining
candidates go through ``money_progress`` whole, so the figure is exactly its sum, and a
missing exchange rate is still reported by it. Two reasons are Parity's own, for rows
``parity.progress`` cannot represent: a transaction without a date, and one without any
currency (neither its own nor its activity's default).

Money progress is stored (``PledgeProgressSnapshot``) with a fingerprint of its inputs and
recomputed only when the fingerprint changes (see ``snapshots``); a page then reads its
figures from the snapshot and its evidence rows from the transactions, a page at a time.

Outputs: the indicator actuals of the activities in scope whose indicator title contains one
of the target's keywords; only indicators that count units (IATI measure 1) are added up.
They are read from the matching indicators only, and computed on every view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import Any

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from parity.activities.models import (
    Activity,
    Indicator,
    IndicatorValue,
    Organisation,
    Transaction,
)
from parity.commitments import scope as scopes
from parity.commitments import stored_progress
from parity.commitments.models import OutputTarget, Pillar, PillarTag, Pledge
from parity.commitments.rates import rate_table
from parity.iati import codelists
from parity.money import RateTable
from parity.progress import (
    STATUS_RULES,
    Contribution,
    Excluded,
    Exclusion,
    IndicatorActual,
    MoneyProgress,
    MoneyTarget,
    OutputExclusion,
    OutputProgress,
    Period,
    PledgeError,
    Status,
    TransactionRow,
    money_progress,
    output_progress,
)
from parity.progress import OutputTarget as OutputGoal

# Why a transaction in scope does not count, in the order the checks apply (the first that
# fails is the reason). Keys are used in URLs.
MONEY_REASONS: dict[str, str] = {
    "type": str(Exclusion.WRONG_TYPE),
    "no-date": "no transaction date",
    "period": str(Exclusion.OUTSIDE_PERIOD),
    "not-screened": str(Exclusion.NOT_SCREENED),
    "not-targeted": str(Exclusion.NOT_TARGETED),
    "no-currency": "no currency: neither the transaction nor its activity gives one",
    "rate": str(Exclusion.MISSING_RATE),
}
OUTPUT_REASONS: dict[str, str] = {
    "not-count": "the indicator is not a count (a percentage, a ratio or a text)",
    "no-value": "no value reported",
    "no-period": "the reporting period has no end date",
    "other-sex": "a sex dimension other than female or male",
    "period": str(OutputExclusion.OUTSIDE_PERIOD),
    "not-disaggregated": str(OutputExclusion.NOT_DISAGGREGATED),
    "other-sex-target": str(OutputExclusion.OTHER_SEX),
    "disaggregated": str(OutputExclusion.DISAGGREGATED),
}
_OUTPUT_KEYS = {
    OutputExclusion.OUTSIDE_PERIOD: "period",
    OutputExclusion.NOT_DISAGGREGATED: "not-disaggregated",
    OutputExclusion.OTHER_SEX: "other-sex-target",
    OutputExclusion.DISAGGREGATED: "disaggregated",
}
RULE_TEXT = {rule.status: rule.text for rule in STATUS_RULES}
# Evidence rows read from the database per query: well under every backend's limit on the
# number of parameters (SQLite's was 999 before 3.32).
EVIDENCE_CHUNK = 500
_TRANSACTION_FIELDS = (
    "id",
    "activity_id",
    "activity__iati_identifier",
    "type",
    "date",
    "value",
    "currency",
    "activity__default_currency",
    "value_date",
    "activity__gender_marker",
)


@dataclass(frozen=True)
class ReasonCount:
    key: str
    reason: str
    count: int


@dataclass(frozen=True)
class ScopeSummary:
    description: str
    listed: int  # activities listed one by one
    matched: int  # activities in the union of the list and the rule
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class MoneyEvidence:
    """One transaction behind a money figure, as shown and exported."""

    transaction_id: int
    activity: str  # IATI identifier
    type_code: str
    date: date
    value: Decimal
    currency: str
    value_date: date | None
    gender_marker: str
    rate: Decimal | None
    rate_basis: str
    rate_source: str
    amount: Decimal  # in the target's currency, as added up
    pillars: tuple[str, ...]


class StaleSnapshotError(RuntimeError):
    """A stored figure's evidence no longer matches the transactions: recompute the report.

    The fingerprint makes this unreachable unless transactions were changed behind the ORM
    (``QuerySet.update()``, raw SQL); the stored progress is then dropped, never shown again.
    """


@dataclass(frozen=True)
class MoneyFigures:
    """What ``money_progress`` computed for a money target, without the rows themselves:
    exactly what a snapshot stores. ``unconverted`` (the rows without a rate, with the rate
    that is missing) is read back from the database only when asked for."""

    target: MoneyTarget
    period: Period
    total: Decimal
    by_year: Mapping[int, Decimal]
    by_pillar: Mapping[str, Decimal]
    without_pillar: Decimal
    principal_only: Decimal | None
    counted: int
    unconverted_ids: tuple[int, ...]
    known_unconverted: tuple[Excluded, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def share(self) -> Decimal:
        """Progress as a share of the target: 1 means 100%."""
        return self.total / self.target.amount

    @property
    def complete(self) -> bool:
        return not self.unconverted_ids

    @property
    def matched_nothing(self) -> bool:
        return not self.counted and not self.unconverted_ids

    @cached_property
    def unconverted(self) -> tuple[Excluded, ...]:
        """Rows that would count but had no exchange rate: the total is short by these."""
        if self.known_unconverted is not None:
            return self.known_unconverted
        rows, _ = read_rows(self.unconverted_ids, {})
        progress = money_progress(
            self.target, self.period, rows, rate_table(_currencies(self.target, rows))
        )
        if progress.contributions or len(progress.excluded) != len(self.unconverted_ids):
            raise StaleSnapshotError("a transaction without a rate has changed")
        return progress.excluded

    def as_json(self) -> dict[str, Any]:
        """The figures as a snapshot stores them: amounts as exact decimal strings."""
        return {
            "total": str(self.total),
            "by_year": {str(year): str(amount) for year, amount in self.by_year.items()},
            "by_pillar": {key: str(amount) for key, amount in self.by_pillar.items()},
            "without_pillar": str(self.without_pillar),
            "principal_only": None if self.principal_only is None else str(self.principal_only),
        }

    @classmethod
    def from_progress(
        cls, progress: MoneyProgress, unconverted_ids: tuple[int, ...]
    ) -> MoneyFigures:
        return cls(
            progress.target,
            progress.period,
            progress.total,
            progress.by_year,
            progress.by_pillar,
            progress.without_pillar,
            progress.principal_only,
            len(progress.contributions),
            unconverted_ids,
            progress.unconverted,
        )

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        target: MoneyTarget,
        period: Period,
        counted: int,
        unconverted_ids: tuple[int, ...],
    ) -> MoneyFigures:
        principal = data["principal_only"]
        return cls(
            target,
            period,
            Decimal(data["total"]),
            {int(year): Decimal(amount) for year, amount in data["by_year"].items()},
            {key: Decimal(amount) for key, amount in data["by_pillar"].items()},
            Decimal(data["without_pillar"]),
            None if principal is None else Decimal(principal),
            counted,
            unconverted_ids,
        )


@dataclass
class MoneyReport:
    target: MoneyTarget
    period: Period
    progress: MoneyFigures
    transaction_ids: Sequence[int]  # the contributing transactions, in evidence order
    unconverted_ids: tuple[int, ...]  # aligned with progress.unconverted
    reasons: tuple[ReasonCount, ...]
    status: Status
    pillar_names: dict[str, str]
    # The contributions when the report was just computed; None when it was read from a
    # snapshot, and the evidence is then read from the transactions a page at a time.
    contributions: tuple[Contribution, ...] | None = None

    @property
    def status_rule(self) -> str:
        return RULE_TEXT[self.status]

    @property
    def excluded_count(self) -> int:
        return sum(r.count for r in self.reasons)

    @property
    def from_snapshot(self) -> bool:
        return self.contributions is None

    def by_pillar(self) -> list[tuple[str, Decimal]]:
        return [
            (self.pillar_names.get(key, key), amount)
            for key, amount in self.progress.by_pillar.items()
        ]

    def cumulative(self) -> list[tuple[int, Decimal, Decimal]]:
        """(year, that year's amount, running total) for every year of the period."""
        running, rows = Decimal(0), []
        for year in range(self.period.start.year, self.period.end.year + 1):
            amount = self.progress.by_year.get(year, Decimal(0))
            running += amount
            rows.append((year, amount, running))
        return rows

    def evidence(self, start: int = 0, stop: int | None = None) -> list[MoneyEvidence]:
        """The transactions added up, ``start`` to ``stop`` in evidence order (date, id)."""
        if self.contributions is not None:
            pairs = zip(self.contributions, self.transaction_ids, strict=True)
            chosen = islice(pairs, start, stop)
            return [_money_evidence(c, pk, self.pillar_names) for c, pk in chosen]
        found: list[MoneyEvidence] = []
        ids = self.transaction_ids[start:stop]
        # In slices, so a download of every row never sends one enormous IN (...) list.
        for first in range(0, len(ids), EVIDENCE_CHUNK):
            found += self._read_evidence(ids[first : first + EVIDENCE_CHUNK])
        return found

    def _read_evidence(self, ids: Sequence[int]) -> list[MoneyEvidence]:
        """Rows of a snapshot's figure, converted again exactly as when it was computed:
        same rows, same rates (the fingerprint says so), hence the same amounts."""
        names = self.pillar_names
        rows, pks = read_rows(ids, names)
        rates = rate_table(_currencies(self.target, rows))
        progress = money_progress(self.target, self.period, rows, rates)
        if len(progress.contributions) != len(ids):
            raise StaleSnapshotError("a transaction behind the stored figure has changed")
        return [_money_evidence(c, pks[id(c.row)], names) for c in progress.contributions]

    @property
    def count(self) -> int:
        """How many transactions the figure adds up (not __len__: a report with no evidence
        must still be true in a template)."""
        return self.progress.counted


@dataclass(frozen=True)
class OutputEvidence:
    value_id: int
    activity: str
    indicator: str
    period_end: date | None
    value: Decimal | None
    sex: str
    reason: str = ""  # empty for a contributing actual


@dataclass
class OutputReport:
    target: OutputTarget
    goal: OutputGoal
    period: Period
    progress: OutputProgress
    contributing: tuple[OutputEvidence, ...]
    excluded: tuple[OutputEvidence, ...]
    indicators_matched: int
    status: Status

    @property
    def status_rule(self) -> str:
        return RULE_TEXT[self.status]

    @property
    def kind(self) -> str:
        """The figure's name in evidence URLs."""
        return f"output-{self.target.pk}"

    @property
    def reasons(self) -> list[ReasonCount]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.excluded:
            counts[row.reason] += 1
        return [
            ReasonCount(key, text, counts[text])
            for key, text in OUTPUT_REASONS.items()
            if counts.get(text)
        ]


@dataclass
class PledgeReport:
    pledge: Pledge
    today: date
    scope: ScopeSummary
    period: Period | None
    money: MoneyReport | None
    money_problem: str
    outputs: list[OutputReport] = field(default_factory=list)
    output_problems: list[tuple[OutputTarget, str]] = field(default_factory=list)

    @property
    def statuses(self) -> list[Status]:
        found = [self.money.status] if self.money else []
        return found + [o.status for o in self.outputs]


def _money_evidence(
    contribution: Contribution, pk: int, pillar_names: dict[str, str]
) -> MoneyEvidence:
    row, conversion = contribution.row, contribution.conversion
    return MoneyEvidence(
        transaction_id=pk,
        activity=row.activity_id,
        type_code=row.type_code,
        date=row.date,
        value=row.value,
        currency=row.currency,
        value_date=row.value_date,
        gender_marker=row.gender_marker or "",
        rate=conversion.rate,
        rate_basis=str(conversion.basis or ""),
        rate_source=conversion.source,
        amount=contribution.amount,
        pillars=tuple(pillar_names.get(p, p) for p in row.pillars),
    )


def pledge_period(pledge: Pledge) -> Period | None:
    if pledge.period_start and pledge.period_end:
        return Period(pledge.period_start, pledge.period_end)
    return None


def scope_summary(pledge: Pledge, matched: int | None = None) -> ScopeSummary:
    rule = scopes.parse_scope_rule(pledge.scope_rule)
    orgs = Organisation.objects.filter(ref__in=rule.reporting_orgs)
    org_names = dict(orgs.values_list("ref", "name"))
    pillar_names = {
        f"{fw}:{slug}": f"{name} ({fw_name})"
        for fw, slug, name, fw_name in Pillar.objects.values_list(
            "framework__slug", "slug", "name", "framework__name"
        )
    }
    description = scopes.describe_rule(
        rule,
        org_names=org_names,
        country_names=codelists.codes("Country"),
        pillar_names=pillar_names,
    )
    listed = pledge.scope_activities.count()
    if matched is None:
        matched = scopes.scope_activities(pledge).count()
    warnings = []
    if matched == 0:
        warnings.append(
            "The scope matches no activity: progress is 0 for want of data, not for want of "
            "effort. Add activities to the list or change the rule."
        )
    if rule.dates and not pledge_period(pledge):
        warnings.append("The rule's date condition is ignored: the pledge has no period.")
    return ScopeSummary(description, listed, matched, tuple(warnings))


def status_of(share: Decimal, period: Period, today: date, *, has_data: bool) -> Status:
    from parity.progress import pledge_status

    return pledge_status(share, period, today, has_data=has_data)


# --- money ----------------------------------------------------------------------------------


def scope_transactions(pledge: Pledge) -> QuerySet[Transaction]:
    return Transaction.objects.filter(activity__in=Activity.objects.filter(scopes.scope_q(pledge)))


def _no_currency() -> Q:
    return Q(currency="") & Q(activity__default_currency="")


def _money_reason(target: MoneyTarget, period: Period) -> Case:
    return Case(
        When(~Q(type__in=target.transaction_types), then=Value("type")),
        When(date__isnull=True, then=Value("no-date")),
        When(Q(date__lt=period.start) | Q(date__gt=period.end), then=Value("period")),
        When(activity__gender_marker__isnull=True, then=Value("not-screened")),
        When(activity__gender_marker=0, then=Value("not-targeted")),
        When(_no_currency(), then=Value("no-currency")),
        default=Value(""),
        output_field=CharField(),
    )


def _candidates(pledge: Pledge, target: MoneyTarget, period: Period) -> QuerySet[Transaction]:
    """Rows that pass every check the database can make: ``money_progress`` decides the rest."""
    focused = Activity.objects.filter(scopes.scope_q(pledge), gender_marker__in=[1, 2])
    # Lower() is the identity on type codes; it stops SQLite from walking the (type, date)
    # index over every pledge-period transaction of the whole database, so it starts from
    # the activities in scope instead (ten times faster with a million transactions).
    return (
        Transaction.objects.annotate(type_code=Lower("type"))
        .filter(activity__in=focused)
        .filter(
            ~_no_currency(),
            type_code__in=target.transaction_types,
            date__gte=period.start,
            date__lte=period.end,
        )
    )


def excluded_transactions(pledge: Pledge, key: str) -> QuerySet[Transaction]:
    """Transactions in scope left out of the money figure for the reason ``key``
    (any reason but a missing rate, which ``MoneyReport.progress.unconverted`` lists)."""
    target, period = money_target(pledge), pledge_period(pledge)
    if target is None or period is None or key not in MONEY_REASONS or key == "rate":
        return Transaction.objects.none()
    return (
        scope_transactions(pledge)
        .annotate(reason=_money_reason(target, period))
        .filter(reason=key)
        .select_related("activity")
        .order_by("date", "id")
    )


def money_target(pledge: Pledge) -> MoneyTarget | None:
    if pledge.money_amount is None:
        return None
    return MoneyTarget(pledge.money_amount, pledge.money_currency, pledge.money_basis)


def pillar_keys(pledge: Pledge) -> dict[str, str]:
    """The pillars a money figure is broken down by: the pledge's own pillars, else those of
    its framework; {key: name}."""
    pillars = pledge.pillars.all()
    if not pillars and pledge.framework_id:
        pillars = Pillar.objects.filter(framework_id=pledge.framework_id)
    return {str(p.pk): f"{p.number}) {p.name}" for p in pillars.order_by("framework", "number")}


def transaction_rows(
    rows: Iterator[tuple], pillars: dict[int, tuple[str, ...]], ids: dict[int, int]
) -> Iterator[TransactionRow]:
    """``TransactionRow`` from ``_TRANSACTION_FIELDS`` tuples; ``ids`` maps id(row) to its pk."""
    for pk, activity_pk, identifier, type_code, day, value, currency, default, vdate, gm in rows:
        row = TransactionRow(
            activity_id=identifier,
            type_code=type_code,
            date=day,
            value=value,
            currency=currency or default,
            value_date=vdate,
            gender_marker=None if gm is None else str(gm),
            pillars=pillars.get(activity_pk, ()),
        )
        ids[id(row)] = pk
        yield row


def _pillars_of(activity_ids: Iterable[int], names: Mapping[str, str]) -> dict[int, tuple]:
    """{activity pk: the keys of ``names`` it is tagged with, in the order of ``names``}."""
    if not names:
        return {}
    order = list(names)
    tags: dict[int, list[str]] = defaultdict(list)
    tagged = PillarTag.objects.filter(activity__in=activity_ids, pillar_id__in=map(int, order))
    for activity_pk, pillar_pk in tagged.values_list("activity_id", "pillar_id"):
        tags[activity_pk].append(str(pillar_pk))
    return {pk: tuple(sorted(keys, key=order.index)) for pk, keys in tags.items()}


def read_rows(
    ids: Sequence[int], pillar_names: Mapping[str, str]
) -> tuple[list[TransactionRow], dict[int, int]]:
    """The transactions ``ids`` as ``TransactionRow``, in that order, and {id(row): pk}."""
    found = {
        row[0]: row
        for row in Transaction.objects.filter(pk__in=list(ids)).values_list(*_TRANSACTION_FIELDS)
    }
    if len(found) != len(ids):
        raise StaleSnapshotError("a transaction behind the stored figure was deleted")
    pillars = _pillars_of({row[1] for row in found.values()}, pillar_names)
    pks: dict[int, int] = {}
    rows = list(transaction_rows((found[pk] for pk in ids), pillars, pks))
    return rows, pks


def _currencies(target: MoneyTarget, rows: Iterable[TransactionRow]) -> set[str]:
    return {target.currency, *(row.currency for row in rows)}


@dataclass(frozen=True)
class ComputedMoney:
    """Money progress computed from every transaction in scope."""

    progress: MoneyProgress
    transaction_ids: tuple[int, ...]
    unconverted_ids: tuple[int, ...]
    reasons: dict[str, int]


def compute_money(
    pledge: Pledge, target: MoneyTarget, period: Period, names: Mapping[str, str], rates: RateTable
) -> ComputedMoney:
    """The slow path: every candidate transaction through ``money_progress``, and the rows
    the database can rule out counted by reason."""
    in_scope = Activity.objects.filter(scopes.scope_q(pledge))
    pillars = _pillars_of(in_scope, names)
    candidates = (
        _candidates(pledge, target, period)
        .order_by("date", "id")
        .values_list(*_TRANSACTION_FIELDS)
        .iterator(chunk_size=10000)
    )
    offered: dict[int, int] = {}  # id() of each row offered -> its transaction id
    progress = money_progress(
        target,
        period,
        transaction_rows(candidates, pillars, offered),
        rates,
        principal_only=True,
    )
    # The rows are alive in the progress, so their id() still names them.
    transaction_ids = tuple(offered[id(c.row)] for c in progress.contributions)
    unconverted_ids = tuple(offered[id(e.row)] for e in progress.unconverted)
    counts = (
        scope_transactions(pledge)
        .annotate(reason=_money_reason(target, period))
        .exclude(reason="")
        .values("reason")
        .annotate(n=Count("id"))
    )
    found = {row["reason"]: row["n"] for row in counts}
    found["rate"] = len(progress.unconverted)
    reasons = {key: found[key] for key in MONEY_REASONS if found.get(key)}
    return ComputedMoney(progress, transaction_ids, unconverted_ids, reasons)


def money_report(
    pledge: Pledge,
    period: Period,
    today: date,
    rates: RateTable | None = None,
    *,
    fingerprint: str = "",
    names: dict[str, str] | None = None,
) -> MoneyReport | None:
    """The money progress of ``pledge``: read from its snapshot when the snapshot was taken
    with this ``fingerprint`` of the inputs, else computed (and stored when ``fingerprint``
    is given). Explicit ``rates`` are not the database's, so nothing is read or stored."""
    target = money_target(pledge)
    if target is None:
        return None
    names = pillar_keys(pledge) if names is None else names
    keep = bool(fingerprint) and rates is None
    snapshot = stored_progress.read(pledge, fingerprint) if keep else None
    if snapshot is not None:
        ids = tuple(snapshot.unconverted_ids)
        figures = MoneyFigures.from_json(
            snapshot.figures, target, period, len(snapshot.transaction_ids), ids
        )
        transaction_ids: Sequence[int] = snapshot.transaction_ids
        counts = snapshot.reasons
        contributions = None
    else:
        computed = compute_money(pledge, target, period, names, rates or rate_table())
        figures = MoneyFigures.from_progress(computed.progress, computed.unconverted_ids)
        transaction_ids, counts = computed.transaction_ids, computed.reasons
        contributions = computed.progress.contributions
        if keep:
            stored_progress.store(
                pledge,
                fingerprint,
                figures=figures.as_json(),
                transaction_ids=list(transaction_ids),
                unconverted_ids=list(computed.unconverted_ids),
                reasons=counts,
            )
    reasons = tuple(
        ReasonCount(key, text, counts[key])
        for key, text in MONEY_REASONS.items()
        if counts.get(key)
    )
    status = status_of(figures.share, period, today, has_data=bool(figures.counted))
    return MoneyReport(
        target,
        period,
        figures,
        transaction_ids,
        figures.unconverted_ids,
        reasons,
        status,
        names,
        contributions,
    )


# --- outputs --------------------------------------------------------------------------------


def keywords(target: OutputTarget) -> list[str]:
    return [word.strip().lower() for word in target.indicator_keywords.split(",") if word.strip()]


def matching_indicators(pledge: Pledge, words: list[str]) -> dict[int, tuple[str, str, str]]:
    """{indicator id: (activity identifier, title, measure)} for indicators of activities in
    scope with a title containing one of ``words`` (any language, case ignored)."""
    if not words:
        return {}
    # The database narrows the candidates on the titles' JSON text; Python then checks each
    # title itself, so a keyword matching a JSON key or an escape never counts.
    text = Q()
    for word in words:
        text |= Q(titles_text__icontains=word)
    candidates = (
        Indicator.objects.filter(
            result__activity__in=Activity.objects.filter(scopes.scope_q(pledge))
        )
        .annotate(titles_text=Cast("titles", output_field=CharField()))
        .filter(text)
        .values_list("id", "result__activity__iati_identifier", "titles", "measure")
    )
    found = {}
    for pk, identifier, titles, measure in candidates:
        texts = [item.get("text", "") for item in titles or []]
        if any(word in t.lower() for t in texts for word in words):
            found[pk] = (identifier, texts[0] if texts else "", measure)
    return found


def output_report(target: OutputTarget, period: Period, today: date) -> OutputReport | None:
    if target.quantity is None:
        return None
    goal = OutputGoal(target.quantity, target.unit, target.sex or None)
    indicators = matching_indicators(target.pledge, keywords(target))
    values = (
        IndicatorValue.objects.filter(
            kind=IndicatorValue.ACTUAL, period__indicator_id__in=list(indicators)
        )
        .order_by("period__end", "id")
        .values_list("id", "period__indicator_id", "period__end", "value", "sex")
    )
    excluded: list[OutputEvidence] = []
    offered: list[tuple[IndicatorActual, OutputEvidence]] = []
    for pk, indicator_pk, end, value, sex in values:
        identifier, title, measure = indicators[indicator_pk]
        row = OutputEvidence(pk, identifier, title, end, value, sex)
        reason = ""
        if measure != "1":
            reason = OUTPUT_REASONS["not-count"]
        elif value is None:
            reason = OUTPUT_REASONS["no-value"]
        elif end is None:
            reason = OUTPUT_REASONS["no-period"]
        elif sex not in ("", "female", "male"):
            reason = OUTPUT_REASONS["other-sex"]
        if reason:
            excluded.append(_with_reason(row, reason))
            continue
        actual = IndicatorActual(identifier, title, end, value, sex or None)  # type: ignore[arg-type]
        offered.append((actual, row))
    progress = output_progress(goal, period, [actual for actual, _ in offered])
    by_actual = {id(actual): row for actual, row in offered}
    contributing = tuple(by_actual[id(a)] for a in progress.contributions)
    excluded += [_with_reason(by_actual[id(e.actual)], str(e.reason)) for e in progress.excluded]
    status = status_of(progress.share, period, today, has_data=bool(progress.contributions))
    return OutputReport(
        target, goal, period, progress, contributing, tuple(excluded), len(indicators), status
    )


def _with_reason(row: OutputEvidence, reason: str) -> OutputEvidence:
    return OutputEvidence(
        row.value_id, row.activity, row.indicator, row.period_end, row.value, row.sex, reason
    )


# --- the whole pledge -----------------------------------------------------------------------


def pledge_report(
    pledge: Pledge,
    *,
    today: date | None = None,
    rates: RateTable | None = None,
    stored: bool = True,
) -> PledgeReport:
    """Scope, money and output progress, and status of one pledge, with its evidence.

    The money progress comes from the pledge's snapshot while the fingerprint of its inputs
    is unchanged (``stored=False`` always recomputes it; see ``snapshots``). Output progress
    reads only the matching indicators, so it is computed every time.
    """
    today = today or timezone.localdate()
    period = pledge_period(pledge)
    names = pillar_keys(pledge)
    found = stored_progress.fingerprint(pledge, scopes.scope_activities(pledge), names)
    report = PledgeReport(pledge, today, scope_summary(pledge, found.matched), period, None, "")
    if period is None:
        report.money_problem = (
            "The source gives no period for this pledge, so progress and status cannot be "
            "computed: a figure needs the dates between which transactions count."
        )
        return report
    try:
        digest = found.digest if stored else ""
        report.money = money_report(pledge, period, today, rates, fingerprint=digest, names=names)
    except PledgeError as error:
        report.money_problem = f"The money target cannot be tracked: {error}"
    for target in pledge.output_targets.all():
        try:
            output = output_report(target, period, today)
        except PledgeError as error:
            report.output_problems.append((target, f"cannot be tracked: {error}"))
            continue
        if output is None:
            report.output_problems.append((target, "has no quantity, so no share can be given"))
        else:
            report.outputs.append(output)
    return report


def refresh_progress(pledge: Pledge) -> bool:
    """Recompute and store the pledge's money progress if its snapshot is out of date (or
    missing); True when it was recomputed."""
    period, target = pledge_period(pledge), money_target(pledge)
    if period is None or target is None:
        stored_progress.forget(pledge)
        return False
    names = pillar_keys(pledge)
    digest = stored_progress.fingerprint(pledge, scopes.scope_activities(pledge), names).digest
    if stored_progress.read(pledge, digest) is not None:
        return False
    money_report(pledge, period, timezone.localdate(), fingerprint=digest, names=names)
    return True


def known_countries() -> frozenset[str]:
    return frozenset(codelists.codes("Country"))


# How the source's own words map to a status, so a page can say where the two differ. The
# words are the source's; Parity only reads them, the first match wins.
REPORTED_WORDS: tuple[tuple[str, Status], ...] = (
    ("not achieved", Status.NOT_ACHIEVED),
    ("not started", Status.NOT_STARTED),
    ("at risk", Status.AT_RISK),
    ("delayed", Status.AT_RISK),
    ("fully implemented", Status.ACHIEVED),
    ("achieved", Status.ACHIEVED),
    ("completed", Status.ACHIEVED),
    ("on track", Status.ON_TRACK),
    ("being steadily implemented", Status.ON_TRACK),
    ("being implemented", Status.ON_TRACK),
)


def reported_reading(text: str) -> Status | None:
    """The status the source's wording amounts to, or None when it says nothing clear."""
    lowered = text.lower()
    return next((status for words, status in REPORTED_WORDS if words in lowered), None)


def differs_from_reported(status: Status, reported: str) -> bool:
    reading = reported_reading(reported)
    return reading is not None and reading != status
