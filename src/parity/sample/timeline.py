"""Activity dates and status, consistent with a fixed "data as of" date.

The generator never looks at today's date: everything is relative to ``as_of`` so that the same
seed gives the same portfolio next year too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from parity.iati.model import ActivityDate

PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"


@dataclass(frozen=True)
class Timeline:
    planned_start: date
    planned_end: date
    actual_start: date | None  # None: not started by as_of (pipeline)
    actual_end: date | None  # None: still running at as_of
    as_of: date

    @property
    def start(self) -> date:
        return self.actual_start or self.planned_start

    @property
    def end(self) -> date:
        return self.actual_end or self.planned_end

    @property
    def status(self) -> str:
        if self.actual_start is None:
            return PIPELINE
        if self.actual_end is None:
            return IMPLEMENTATION
        # Finalisation: work done, accounts not yet closed; half a year is a typical lag.
        return FINALISATION if (self.as_of - self.actual_end).days < 180 else CLOSED

    def spent_until(self) -> date:
        """Last day money can have moved: the end, or as_of for a running activity."""
        return min(self.end, self.as_of)

    def progress(self) -> float:
        """Share of the planned duration elapsed by as_of, 0..1."""
        if self.actual_start is None:
            return 0.0
        elapsed = (self.spent_until() - self.actual_start).days
        return max(0.0, min(1.0, elapsed / max(1, (self.end - self.start).days)))

    def activity_dates(self) -> tuple[ActivityDate, ...]:
        dates = [ActivityDate(PLANNED_START, self.planned_start)]
        if self.actual_start:
            dates.append(ActivityDate(ACTUAL_START, self.actual_start))
        dates.append(ActivityDate(PLANNED_END, self.planned_end))
        if self.actual_end:
            dates.append(ActivityDate(ACTUAL_END, self.actual_end))
        return tuple(dates)


def make_timeline(rng: Random, start_year: int, end_year: int, as_of: date) -> Timeline:
    first = date(start_year, 1, 1).toordinal()
    last = date(end_year, 12, 31).toordinal()
    planned_start = date.fromordinal(rng.randint(first, last))
    planned_end = planned_start + timedelta(days=rng.randint(365, 5 * 365))
    started = planned_start + timedelta(days=rng.randint(0, 180))
    actual_start = started if started <= as_of else None
    actual_end = None
    if actual_start is not None:
        # Most projects end late, a few early; never before they started.
        candidate = max(planned_end + timedelta(days=rng.randint(-60, 365)), actual_start)
        if candidate <= as_of:
            actual_end = candidate
    return Timeline(planned_start, planned_end, actual_start, actual_end, as_of)


def year_periods(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar years from ``start`` to ``end``, clipped to them (IATI periods are <= 1 year)."""
    return [
        (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]
