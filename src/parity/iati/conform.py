"""Make an Activity fit what the IATI 2.03 activity schema requires, before it is written.

Data read from older or sloppy files (above all 1.0x files upgraded to 2.03 codes) lacks pieces
that 2.03 makes mandatory. The writer must still produce schema-valid XML, so each gap gets the
least inventive valid rendering. The rules, in one place:

=============================================  ==================================================
Missing in the data                             Rendering in the 2.03 export
=============================================  ==================================================
*Handled first, in listed_codes.py:*
a code outside its 2.03 codelist (a 1.0x word   left out: the attribute, or the element when
with no 2.0x code, a typo)                      the code is its point (a country, a sector)
*Handled here, on the dataclasses (they change what a re-import reads, so each is noted):*
transaction date                                the transaction's own value-date
transaction value-date                          the transaction's own date
budget period-start / period-end                the other end of the same period, else the
                                                budget's value-date
budget value-date                               the budget's period-start, else period-end
indicator period start / end                    the other end of the same period
baseline year (required positive integer)      the year of the baseline's own iso-date
activity-date with no ISO date                  kept (type and original text, as narrative) with
                                                the fallback date below
no activity-date at all (2.03 needs one)        one planned start (type 1) on the earliest date
any of the above with nothing to reuse          fallback: the earliest (start-like) or latest
                                                (end-like) date found in the activity's dates,
                                                budgets and transactions; else the date of
                                                @last-updated-datetime; else the export date
last-updated-datetime not an xsd:dateTime       "YYYY-MM-DD hh:mm:ss" gets its "T"; a bare date
                                                becomes midnight; anything else is dropped
transaction-date text (1.0x, e.g. "Total for    left out: 2.03 has no place for it; when it says
2011 Quarter 1")                                more than the ISO date, the note keeps it
*Handled by the writer (empty placeholders, no data invented, a re-import reads nothing):*
title / description / reporting-org name /      one empty ``<narrative/>``
document title / result and indicator title
reporting-org @ref, @type; participating-org    the attribute present and empty
@role; activity-status; document @format;
transaction type
no participating-org (2.03 needs one)           ``<participating-org role=""/>``
document-link without category                  ``<category code=""/>``
result without indicator                        ``<indicator measure=""><title><narrative/>``
location with only one coordinate               no ``<point>`` (a point needs both)
=============================================  ==================================================

Money values are never touched: no figure is ever made up. Every date filled in here is
reported in :attr:`Conformed.notes`; the writer puts the notes in an XML comment inside the
activity, so a reader of the file can tell a published date from an exporter's fill-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from parity.iati.listed_codes import keep_listed_codes
from parity.iati.model import (
    Activity,
    ActivityDate,
    Budget,
    Indicator,
    Narrative,
    Result,
    Transaction,
)

# ActivityDateType 2.03: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
_END_TYPES = frozenset({"3", "4"})

_XSD_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


@dataclass(frozen=True)
class Conformed:
    activity: Activity
    notes: tuple[str, ...]  # one readable line per value filled in or changed


@dataclass(frozen=True)
class _Fallback:
    """Dates to use when a record has no date of its own to reuse."""

    earliest: date
    latest: date

    def for_type(self, date_type: str) -> date:
        return self.latest if date_type in _END_TYPES else self.earliest


def conform(activity: Activity, *, export_date: date) -> Conformed:
    """Return ``activity`` with the gaps above filled, and a note for each fill."""
    notes: list[str] = []
    activity = keep_listed_codes(activity, notes)
    fallback = _fallback(activity, export_date)
    conformed = replace(
        activity,
        last_updated=_conform_datetime(activity.last_updated, notes),
        dates=_conform_dates(activity.dates, fallback, notes),
        budgets=tuple(_conform_budget(b, fallback, notes) for b in activity.budgets),
        transactions=tuple(_conform_transaction(t, fallback, notes) for t in activity.transactions),
        results=tuple(_conform_result(r, fallback, notes) for r in activity.results),
    )
    return Conformed(conformed, tuple(notes))


def is_xsd_datetime(text: str) -> bool:
    """True when ``text`` is an xsd:dateTime that also names a real day and time."""
    if not _XSD_DATETIME.fullmatch(text):
        return False
    # The pattern checks the shape; fromisoformat checks calendar and clock ranges.
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _conform_datetime(text: str, notes: list[str]) -> str:
    if not text or is_xsd_datetime(text):
        return text
    candidates = (text.replace(" ", "T", 1), text + "T00:00:00")
    for candidate in candidates:
        if is_xsd_datetime(candidate):
            notes.append(f"last-updated-datetime {text!r} written as {candidate!r}")
            return candidate
    notes.append(f"last-updated-datetime {text!r} is not a date-time; left out")
    return ""


def _known_dates(activity: Activity) -> list[date]:
    found: list[date | None] = [d.iso_date for d in activity.dates]
    for budget in activity.budgets:
        found += [budget.period_start, budget.period_end, budget.value_date]
    for transaction in activity.transactions:
        found += [transaction.date, transaction.value_date]
    return [d for d in found if d is not None]


def _fallback(activity: Activity, export_date: date) -> _Fallback:
    known = _known_dates(activity)
    if known:
        return _Fallback(min(known), max(known))
    last_updated = _conform_datetime(activity.last_updated, [])
    if last_updated:
        day = date.fromisoformat(last_updated[:10])
        return _Fallback(day, day)
    return _Fallback(export_date, export_date)


def _conform_dates(
    dates: tuple[ActivityDate, ...], fallback: _Fallback, notes: list[str]
) -> tuple[ActivityDate, ...]:
    if not dates:
        notes.append(
            f"activity-date: none in the source; planned start {fallback.earliest} "
            "taken from the activity's earliest date"
        )
        return (ActivityDate(type="1", iso_date=fallback.earliest),)
    conformed = []
    for activity_date in dates:
        if activity_date.iso_date is None:
            filled = fallback.for_type(activity_date.type)
            notes.append(
                f"activity-date type {activity_date.type}: no ISO date in the source "
                f"(text {activity_date.text!r}); {filled} filled in"
            )
            activity_date = replace(activity_date, iso_date=filled)
        conformed.append(activity_date)
    return tuple(conformed)


def _conform_transaction(
    transaction: Transaction, fallback: _Fallback, notes: list[str]
) -> Transaction:
    if transaction.date and transaction.value_date and not transaction.date_text:
        return transaction  # the common case; replace() would cost a copy per transaction
    day = transaction.date or transaction.value_date or fallback.earliest
    value_date = transaction.value_date or day
    if day != transaction.date:
        notes.append(f"transaction {transaction.ref!r}: no transaction-date; {day} filled in")
    if value_date != transaction.value_date:
        notes.append(f"transaction {transaction.ref!r}: value-date {value_date} filled in")
    text = transaction.date_text
    if text and text != (transaction.date and transaction.date.isoformat()):
        notes.append(f"transaction {transaction.ref!r}: transaction-date text {text!r} left out")
    return replace(transaction, date=day, value_date=value_date, date_text="")


def _conform_budget(budget: Budget, fallback: _Fallback, notes: list[str]) -> Budget:
    start = budget.period_start or budget.period_end or budget.value_date or fallback.earliest
    end = budget.period_end or budget.period_start or budget.value_date or fallback.latest
    value_date = budget.value_date or start
    conformed = replace(budget, period_start=start, period_end=end, value_date=value_date)
    if conformed != budget:
        notes.append(
            f"budget {start}..{end}: missing period or value-date filled in from the budget's"
            " other dates"
        )
    return conformed


def _conform_result(result: Result, fallback: _Fallback, notes: list[str]) -> Result:
    return replace(
        result,
        indicators=tuple(_conform_indicator(i, fallback, notes) for i in result.indicators),
    )


def _conform_indicator(indicator: Indicator, fallback: _Fallback, notes: list[str]) -> Indicator:
    title = _first_text(indicator.titles)
    periods = []
    for period in indicator.periods:
        start = period.start or period.end or fallback.earliest
        end = period.end or period.start or fallback.latest
        if (start, end) != (period.start, period.end):
            notes.append(f"indicator {title!r}: period {start}..{end} filled in")
        periods.append(replace(period, start=start, end=end))
    baselines = []
    for baseline in indicator.baselines:
        if baseline.year is None:
            year = (baseline.iso_date or fallback.earliest).year
            notes.append(f"indicator {title!r}: baseline year {year} filled in")
            baseline = replace(baseline, year=year)
        baselines.append(baseline)
    return replace(indicator, periods=tuple(periods), baselines=tuple(baselines))


def _first_text(narratives: tuple[Narrative, ...]) -> str:
    return narratives[0].text if narratives else ""
