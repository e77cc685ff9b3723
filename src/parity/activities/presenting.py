"""An activity page in words: codes given with their codelist names, dates in the order of
the cycle, money totals by currency, results as target against actual, data-quality notes.
Reads only what ``selectors.activity_detail`` already loaded, plus one query for the related
activities held."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parity.activities.models import CONSTANT_PRICES, SOURCE_CRS, Activity, Transaction
from parity.iati import codelists
from parity.pagekit.templatetags.parity import country as country_name
from parity.pagekit.templatetags.parity import narrative

# Names a reader sees, translated (the codelists are English only).
DATE_TYPES = {
    "1": gettext_lazy("Planned start"),
    "2": gettext_lazy("Actual start"),
    "3": gettext_lazy("Planned end"),
    "4": gettext_lazy("Actual end"),
}
# The cycle: planned start, actual start, planned end, actual end.
DATE_ORDER = ("1", "2", "3", "4")
ROLES = {
    "1": gettext_lazy("Funding"),
    "2": gettext_lazy("Accountable"),
    "3": gettext_lazy("Extending"),
    "4": gettext_lazy("Implementing"),
}
SIGNIFICANCES = {
    0: gettext_lazy("not targeted"),
    1: gettext_lazy("significant objective"),
    2: gettext_lazy("principal objective"),
    3: gettext_lazy("principal objective and in support of an action programme"),
    4: gettext_lazy("explicit primary objective"),
}
COMMITMENT, DISBURSEMENT, EXPENDITURE, INCOMING_COMMITMENT = "2", "3", "4", "11"


def not_given() -> str:
    return _("not given")


def coded(list_name: str, code: str) -> str:
    """ "Name (code)" for a code of an IATI codelist, the code alone when the list lacks it."""
    if not code:
        return not_given()
    name = codelists.name(list_name, code)
    return f"{_(name)} ({code})" if name else code


def sector_text(code: str, vocabulary: str, narratives: list[dict] | None = None) -> str:
    """A sector as a reader names it: a DAC code with its name, else the code and the name the
    file gives ("Conflict Resolution", a reporting organisation's own sector has no code)."""
    if vocabulary in ("1", ""):
        name = codelists.name("Sector", code)
        return f"{code} {_(name)}" if name else code
    if vocabulary == "2":
        category = codelists.name("SectorCategory", code)
        return f"{code} {_(category)}" if category else code
    text = " ".join(part for part in (code, narrative(narratives)) if part) or not_given()
    if vocabulary in ("99", "98", "RO"):
        return _("%(sector)s (the reporting organisation's own sector)") % {"sector": text}
    vocabulary_name = codelists.name("SectorVocabulary", vocabulary) or vocabulary
    return f"{text} ({vocabulary_name})"


def marker_text(code: str, vocabulary: str, significance: int | None) -> str:
    """ "Gender equality: principal objective"."""
    if vocabulary in ("1", ""):
        english = codelists.name("PolicyMarker", code)
        # The codelist's Title Case reads better lower-cased; a translation is kept as it is.
        name = _(english) if english else _("marker %(code)s") % {"code": code}
        name = name.capitalize() if name == english else name
    else:
        name = _("%(code)s (the reporting organisation's own marker)") % {"code": code}
    level = (
        SIGNIFICANCES.get(significance, str(significance))
        if significance is not None
        else _("significance not given")
    )
    return f"{name}: {level}"


@dataclass(frozen=True)
class Total:
    """None: the file gives no transaction of that kind (not given, never shown as 0; a zero
    the file states stays 0)."""

    currency: str
    committed: Decimal | None
    disbursed: Decimal | None
    expended: Decimal | None
    budget: Decimal | None

    @property
    def flows(self) -> tuple[Decimal | None, ...]:
        """Committed, disbursed, expended: the table's columns in order."""
        return (self.committed, self.disbursed, self.expended)

    @property
    def spent(self) -> Decimal:
        return (self.disbursed or Decimal(0)) + (self.expended or Decimal(0))

    @property
    def spent_share(self) -> Decimal | None:
        """Spent as a percentage of the budget, when there is a budget."""
        if not self.budget:
            return None
        return (self.spent / self.budget * 100).quantize(Decimal("1"))


def totals(activity: Activity) -> list[Total]:
    """Committed, disbursed and expended by currency, with the budget beside them (values as
    the file states them: currencies are never added together)."""
    default = activity.default_currency
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for t in activity.transactions.all():
        kind = {COMMITMENT: "c", INCOMING_COMMITMENT: "c", DISBURSEMENT: "d", EXPENDITURE: "e"}
        if t.type in kind:
            currency = t.currency or default
            if t.value_prices == CONSTANT_PRICES:  # a CRS row the file gives at constant prices
                prices = _("constant %(year)s prices") % {"year": t.constant_base_year}
                if t.constant_base_year is None:
                    prices = _("constant prices")
                currency = f"{currency}, {prices}"
            sums[currency][kind[t.type]] += t.value
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    revised = {(b.period_start, b.period_end) for b in activity.budgets.all() if b.type == "2"}
    for b in activity.budgets.all():
        # An original budget replaced by a revised one for the same period counts once.
        if b.type == "1" and (b.period_start, b.period_end) in revised:
            continue
        budgets[b.currency or default] += b.value
    return [
        Total(
            currency=currency or not_given(),
            committed=sums[currency].get("c"),
            disbursed=sums[currency].get("d"),
            expended=sums[currency].get("e"),
            budget=budgets.get(currency),
        )
        for currency in sorted(set(sums) | set(budgets))
    ]


@dataclass(frozen=True)
class ResultRow:
    period: str
    sex: str
    target: Decimal | None
    actual: Decimal | None

    @property
    def achieved(self) -> Decimal | None:
        """Actual as a percentage of the target, when both are given and the target is not 0."""
        if self.target in (None, 0) or self.actual is None:
            return None
        return (self.actual / self.target * 100).quantize(Decimal("1"))


SEXES = {"female": gettext_lazy("women and girls"), "male": gettext_lazy("men and boys")}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def period_text(start: date | None, end: date | None) -> str:
    if not start and not end:
        return not_given()
    return f"{_iso(start) or not_given()} \u2013 {_iso(end) or not_given()}"


def result_rows(indicator) -> list[ResultRow]:
    """Each period's target against its actual, one row per sex when the file gives one."""
    rows = []
    for period in indicator.periods.all():
        by_sex: dict[str, dict[str, Decimal | None]] = {}
        for v in period.values.all():
            by_sex.setdefault(v.sex, {})[v.kind] = v.value
        for sex, values in sorted(by_sex.items(), key=lambda item: item[0] != ""):
            rows.append(
                ResultRow(
                    period=period_text(period.start, period.end),
                    sex=str(SEXES.get(sex.lower(), sex)) if sex else _("total"),
                    target=values.get("target"),
                    actual=values.get("actual"),
                )
            )
    return rows


# What Parity did with a part that had a problem (DataNote.action), as a reader says it.
NOTE_ACTIONS = {
    "dropped": gettext_lazy("Left out: the rest of the activity was kept without this part."),
    "kept as given": gettext_lazy("Kept as the file gives it."),
    "mapped": gettext_lazy("Read as the code Parity understands."),
}


@dataclass(frozen=True)
class NoteRow:
    part: str
    line: str
    problem: str
    action: str
    value: str


def note_rows(activity: Activity) -> list[NoteRow]:
    """The activity's data-quality notes in words: the part, where, what was wrong, what
    Parity did with it, and the value exactly as the file gave it."""
    return [
        NoteRow(
            part=note.part,
            line=str(note.line) if note.line is not None else not_given(),
            problem=note.problem,
            action=str(NOTE_ACTIONS.get(note.action, note.action)),
            value=note.value,
        )
        for note in activity.notes.all()
    ]


def year_span(first: int, last: int) -> str:
    """ "2017" for one year; the first and the last joined by an en dash for several."""
    return str(first) if first == last else f"{first}\u2013{last}"


def mark_crs_years(activities: list[Activity]) -> None:
    """Give each CRS record of the list its years as ``crs_years`` (``year_span``): the CRS
    gives a year per row, not start and end dates (docs/crs.md). One query for the page."""
    crs = {a.pk: a for a in activities if a.source == SOURCE_CRS}
    if not crs:
        return
    spans = (
        Transaction.objects.filter(activity__in=list(crs), source_year__isnull=False)
        .values("activity")
        .annotate(first=Min("source_year"), last=Max("source_year"))
    )
    for span in spans:
        crs[span["activity"]].crs_years = year_span(span["first"], span["last"])


def held_identifiers(refs: list[str]) -> set[str]:
    held = Activity.objects.filter(iati_identifier__in=refs)
    return set(held.values_list("iati_identifier", flat=True))


def context(activity: Activity) -> dict:
    """What the activity template needs beyond the activity itself."""
    # A type the file gave outside the codelist is stored empty (a data-quality note says
    # what it was): such dates come last.
    dates = sorted(activity.dates.all(), key=lambda d: (*DATE_ORDER, d.type).index(d.type))
    related = list(activity.related_activities.all())
    return {
        "dates": [
            (
                DATE_TYPES.get(d.type, _("Date of a type not given")),
                _iso(d.iso_date) or d.text or not_given(),
            )
            for d in dates
        ],
        "countries": [
            (country_name(c.code), c.code, c.percentage) for c in activity.recipient_countries.all()
        ],
        "regions": [
            (codelists.name("Region", r.code) or r.code, r.percentage)
            for r in activity.recipient_regions.all()
        ],
        "sectors": [
            (sector_text(s.code, s.vocabulary, s.narratives), s.percentage)
            for s in activity.sectors.all()
        ],
        "markers": [
            marker_text(m.code, m.vocabulary, m.significance) for m in activity.policy_markers.all()
        ],
        "defaults": [
            (_("Currency"), coded("Currency", activity.default_currency)),
            (_("Flow type"), coded("FlowType", activity.default_flow_type)),
            (_("Finance type"), coded("FinanceType", activity.default_finance_type)),
            (
                _("Aid type"),
                "; ".join(coded("AidType", a) for a in activity.default_aid_types) or not_given(),
            ),
        ],
        "totals": totals(activity),
        "held": held_identifiers([r.ref for r in related]),
        "notes": note_rows(activity),
        "role_names": ROLES,
    }
