"""De-identified aggregates, suppressed so that no table and no combination of tables gives back
a count under k (``PROTECTION_K``, 11 by default).

Every table a user can ask for (a measure by a dimension, for all years or one year) is cut from
one set of numbers per measure: the counts by each dimension and year, their totals by dimension
(all years), by year, and the grand total. ``core.kanon.protect`` chooses which of them to
suppress, once, for all those tables together, so the same number is suppressed in every table
that shows it and no suppressed count follows from shown ones by differencing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import CharField, Count, F, Max
from django.db.models.functions import Cast, Substr

from parity.protection import conf
from parity.protection.core import kanon
from parity.protection.models import Case, Contact, FollowUp, Service

DIMENSIONS = ("sex", "age_band", "nationality", "exploitation", "year")
MEASURES = ("contacts", "cases", "identifications", "services", "outcomes")
# A hotline contact carries a topic and a date, nothing about the person.
CONTACT_DIMENSIONS = ("exploitation", "year")
# The date that places a counted record in a year.
DATE_FIELDS = {"contacts": "at", "services": "start", "outcomes": "on"}

Groups = tuple[tuple[tuple, int], ...]  # ((year, value of each dimension), count), sorted


@dataclass(frozen=True)
class Table:
    measure: str
    dimension: str
    cells: dict[str, int | None]
    total: int | None
    year: int | None = None


def dimensions_of(measure: str) -> tuple[str, ...]:
    return CONTACT_DIMENSIONS if measure == "contacts" else DIMENSIONS


def _year(field: str) -> Substr:
    """The year as the first four characters of the stored value: dates and times are stored
    in UTC (``TIME_ZONE``), and on SQLite this is ten times faster than ExtractYear, which
    calls back into Python for every row."""
    return Substr(Cast(field, output_field=CharField()), 1, 4)


def _groups(measure: str) -> Groups:
    """The measure's records counted by year and by the value of every dimension at once."""
    if measure == "contacts":
        query, fields = Contact.objects.all(), {"exploitation": "topic"}
    else:
        query = {"services": Service, "outcomes": FollowUp}.get(measure, Case).objects.all()
        prefix = "case__" if measure in ("services", "outcomes") else ""
        if measure == "identifications":
            query = query.filter(identification="identified")
        fields = {d: prefix + d for d in DIMENSIONS if d != "year"}
    rows = (
        query.annotate(
            stat_year=_year(DATE_FIELDS.get(measure, "opened_at")),
            **{f"stat_{d}": F(field) for d, field in fields.items()},
        )
        .values("stat_year", *(f"stat_{d}" for d in fields))
        .annotate(n=Count("pk"))
    )
    counted: dict[tuple, int] = {}
    for row in rows:
        key = (int(row["stat_year"]), *(str(row[f"stat_{d}"] or "unknown") for d in fields))
        counted[key] = counted.get(key, 0) + row["n"]
    return tuple(sorted(counted.items(), key=repr))


@dataclass(frozen=True)
class _Release:
    """Every number that can be published about one measure, suppressed (None) or not."""

    years: tuple[int, ...]
    categories: dict[str, tuple[str, ...]]
    numbers: dict[tuple, int | None]


@lru_cache(maxsize=32)
def _release(measure: str, groups: Groups, k: int) -> _Release:
    dims = [d for d in dimensions_of(measure) if d != "year"]
    grids: dict[str, dict[tuple[str, int], int]] = {d: {} for d in dims}
    for key, n in groups:
        for i, dim in enumerate(dims, start=1):
            place = (key[i], key[0])
            grids[dim][place] = grids[dim].get(place, 0) + n
    hidden = kanon.protect(grids, k)
    years = tuple(sorted({key[0] for key, _n in groups}))
    categories = {d: tuple(sorted({cat for cat, _y in grids[d]})) for d in dims}
    numbers: dict[tuple, int | None] = {("total",): sum(n for _key, n in groups)}
    for year in years:
        numbers[("year", year)] = sum(n for key, n in groups if key[0] == year)
    for dim in dims:
        for cat in categories[dim]:
            cells = {y: grids[dim].get((cat, y), 0) for y in years}
            numbers[("row", dim, cat)] = sum(cells.values())
            numbers.update({("cell", dim, cat, y): n for y, n in cells.items()})
    return _Release(years, categories, {k: None if k in hidden else v for k, v in numbers.items()})


def latest_year(measure: str) -> int | None:
    """The latest year with a record of ``measure`` (the statistics page opens on it)."""
    if measure == "contacts":
        query = Contact.objects.all()
    else:
        query = {"services": Service, "outcomes": FollowUp}.get(measure, Case).objects.all()
        if measure == "identifications":
            query = query.filter(identification="identified")
    latest = query.aggregate(latest=Max(DATE_FIELDS.get(measure, "opened_at")))["latest"]
    return latest.year if latest is not None else None


def table(measure: str, dimension: str, year: int | None = None) -> Table:
    """Counts of ``measure`` by ``dimension`` (only records dated in ``year`` if given), with
    small counts, and the counts they could be recovered from, suppressed (None)."""
    if measure not in MEASURES or dimension not in dimensions_of(measure):
        raise ValueError(
            f"unknown measure or dimension {measure!r} by {dimension!r}: measures are "
            f"{', '.join(MEASURES)}; dimensions {', '.join(DIMENSIONS)} (contacts: "
            f"{', '.join(CONTACT_DIMENSIONS)})"
        )
    release = _release(measure, _groups(measure), conf.k_threshold())
    numbers = release.numbers
    if year is not None and year not in release.years:
        return Table(measure, dimension, {}, 0, year)  # nothing dated in that year
    if dimension == "year":
        years = release.years if year is None else (year,)
        cells = {str(y): numbers[("year", y)] for y in years}
    elif year is None:
        cells = {c: numbers[("row", dimension, c)] for c in release.categories[dimension]}
    else:
        cells = {c: numbers[("cell", dimension, c, year)] for c in release.categories[dimension]}
    total = numbers[("total",)] if year is None else numbers[("year", year)]
    return Table(measure, dimension, cells, total, year)


def figure(measure: str, dimension: str, value: str, year: int | None = None) -> int | None:
    """One suppressed figure, for feeding an activity's result (None = suppressed)."""
    return table(measure, dimension, year).cells.get(value, 0)
