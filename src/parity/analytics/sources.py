"""One flow, one count: IATI and the OECD CRS never added up for the same provider and year.

A donor may report the same money to IATI and to the CRS. Where both sources cover a provider
(``parity.providers``: the CRS provider code, which an agency's IATI identifier leads to) in a
year, the figures keep one source, the CRS unless ``PARITY_FIGURES_SOURCE`` says ``iati``, and
the other source's rows stay in the fact table marked ``superseded``, so a figure can say what
it left out. The build records, per provider and year, which source covered it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from parity.activities.models import SOURCE_CRS, SOURCE_IATI, Transaction

SOURCE_NAMES = {SOURCE_IATI: "IATI", SOURCE_CRS: "OECD CRS"}
COUNTED_TYPES = ("2", "3", "4")


def preferred_source() -> str:
    return getattr(settings, "PARITY_FIGURES_SOURCE", SOURCE_CRS)


class SourceChoice:
    """Which source counts for each (provider, year), and a tally of what each one gave."""

    def __init__(self, preferred: str, covered: set[tuple[str, int]]) -> None:
        self.preferred = preferred
        self.covered = covered  # (provider, year) the preferred source reports
        self._tally: dict[tuple[str, str, int, str], list[int]] = defaultdict(lambda: [0, 0])

    def keeps(self, provider: str, year: int, source: str) -> bool:
        return source == self.preferred or (provider, year) not in self.covered

    def count(self, provider: str, group: str, year: int, source: str, kept: bool) -> None:
        self._tally[(provider, group, year, source)][0 if kept else 1] += 1

    def summary(self) -> list[dict[str, Any]]:
        """Per provider and year: the source counted, its rows, the other source's left out."""
        found: dict[tuple[str, str, int], dict[str, Any]] = {}
        for (provider, group, year, source), (kept, left_out) in sorted(self._tally.items()):
            entry = found.setdefault(
                (provider, group, year),
                {"provider": provider, "group": group, "year": year, "source": "", "rows": 0},
            )
            if kept:
                entry["source"], entry["rows"] = source, kept
            if left_out:
                entry[f"left_out_{source}"] = left_out
        return list(found.values())


def source_choice(providers: dict[int, tuple[str, str]]) -> SourceChoice:
    """The choice for this build; ``providers`` maps activity id -> (provider, source).

    Only the preferred source's (activity, year) pairs are read, and none when no activity
    comes from the other source (the usual IATI-only portfolio costs nothing)."""
    preferred = preferred_source()
    others = {pk for pk, (_, source) in providers.items() if source != preferred}
    if not others:
        return SourceChoice(preferred, set())
    ours = [pk for pk, (_, source) in providers.items() if source == preferred]
    return SourceChoice(preferred, _years_of(ours, providers))


def _years_of(activity_ids: Iterable[int], providers: dict[int, tuple[str, str]]) -> set[tuple]:
    ids = list(activity_ids)
    found: set[tuple[str, int]] = set()
    for start in range(0, len(ids), 5000):
        pairs = (
            Transaction.objects.filter(
                activity_id__in=ids[start : start + 5000],
                type__in=COUNTED_TYPES,
                date__isnull=False,
            )
            .order_by()
            .values_list("activity_id", "date__year")
            .distinct()
        )
        found.update((providers[pk][0], year) for pk, year in pairs)
    return found
