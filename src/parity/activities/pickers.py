"""What the activity list's filters offer: the countries, sectors and organisations the data
holds, with their names (for searchable pickers), and the sortable column headings."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from parity.activities.models import ActivitySector, Organisation, RecipientCountry
from parity.activities.presenting import country_name
from parity.iati import codelists

COLUMNS = [
    ("identifier", gettext_lazy("Activity")),
    ("country", gettext_lazy("Country")),
    ("status", gettext_lazy("Status")),
    ("start", gettext_lazy("Start")),
    ("end", gettext_lazy("End")),
    ("committed", gettext_lazy("Committed")),
    ("disbursed", gettext_lazy("Disbursed")),
    ("marker", gettext_lazy("Gender marker")),
]
NUMERIC = {"committed", "disbursed"}


@dataclass(frozen=True)
class Picker:
    countries: list[tuple[str, str]]
    sectors: list[tuple[str, str]]
    organisations: list[tuple[str, str]]


def options() -> Picker:
    """(code, name) pairs of what the data holds, sorted by name."""
    countries = set(RecipientCountry.objects.values_list("code", flat=True).distinct())
    sectors = set(
        ActivitySector.objects.filter(vocabulary__in=("1", "2"))
        .values_list("code", flat=True)
        .distinct()
    )
    organisations = Organisation.objects.filter(reported_activities__isnull=False).distinct()
    return Picker(
        countries=sorted(((c, country_name(c)) for c in countries), key=lambda p: p[1]),
        sectors=sorted(
            (s, gettext(codelists.name("Sector", s) or codelists.name("SectorCategory", s) or s))
            for s in sectors
        ),
        organisations=sorted(
            ((o.ref, o.name or o.ref) for o in organisations), key=lambda p: p[1].lower()
        ),
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    query: str  # the query string that sorts by this column
    direction: str  # "ascending", "descending" or "" (aria-sort)
    numeric: bool


def sort_links(params: QueryDict, current: str) -> list[Column]:
    """Each heading sorts by its column; asked again, it reverses."""
    columns = []
    for key, label in COLUMNS:
        kept = params.copy()
        kept.pop("page", None)
        kept["sort"] = f"-{key}" if current == key else key
        direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        columns.append(Column(key, str(label), kept.urlencode(), direction, key in NUMERIC))
    return columns
