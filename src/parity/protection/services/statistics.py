"""De-identified aggregates with small cells suppressed (k = PROTECTION_K, 11 by default)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from parity.protection import conf
from parity.protection.core.kanon import suppress_row
from parity.protection.models import Case, Contact, FollowUp, Service

DIMENSIONS = ("sex", "age_band", "nationality", "exploitation", "year")
MEASURES = ("contacts", "cases", "identifications", "services", "outcomes")


# The date that places a counted record in a year.
DATE_FIELDS = {"contacts": "at", "services": "start", "outcomes": "on"}


@dataclass(frozen=True)
class Table:
    measure: str
    dimension: str
    cells: dict[str, int | None]
    total: int | None
    year: int | None = None


def _counts(measure: str, dimension: str, year: int | None = None) -> Counter:
    if measure == "contacts":
        qs = Contact.objects.all()
        field = {"exploitation": "topic", "year": "year"}.get(dimension)
        if field is None:
            return Counter()  # contacts carry no sex, age or nationality
        prefix = ""
    elif measure in ("cases", "identifications"):
        qs = Case.objects.all()
        if measure == "identifications":
            qs = qs.filter(identification="identified")
        field, prefix = dimension, ""
    elif measure == "services":
        qs, prefix = Service.objects.all(), "case__"
        field = dimension
    else:
        qs, prefix = FollowUp.objects.all(), "case__"
        field = dimension
    date_field = DATE_FIELDS.get(measure, "opened_at")
    if year is not None:
        qs = qs.filter(**{f"{date_field}__year": year})
    if dimension == "year":
        qs = qs.annotate(key=ExtractYear(date_field))
    else:
        qs = qs.annotate(key=F(prefix + field))
    return Counter(
        {str(r["key"] or "unknown"): r["n"] for r in qs.values("key").annotate(n=Count("pk"))}
    )


def table(measure: str, dimension: str, year: int | None = None) -> Table:
    """Counts of ``measure`` by ``dimension`` (only records dated in ``year`` if given), with
    small cells suppressed."""
    if measure not in MEASURES or dimension not in DIMENSIONS:
        raise ValueError(
            f"unknown measure or dimension {measure!r} by {dimension!r}: measures are "
            f"{', '.join(MEASURES)}; dimensions {', '.join(DIMENSIONS)}"
        )
    cells, total = suppress_row(
        dict(sorted(_counts(measure, dimension, year).items())), conf.k_threshold()
    )
    return Table(measure, dimension, cells, total, year)


def figure(measure: str, dimension: str, value: str, year: int | None = None) -> int | None:
    """One suppressed figure, for feeding an activity's result (None = suppressed)."""
    return table(measure, dimension, year).cells.get(value, 0)
