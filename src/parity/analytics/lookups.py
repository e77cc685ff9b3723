"""Reads of what the filters and the figures' cache check against: priority areas, pillars,
marker schemes, deflator series and the fact table's latest build."""

from __future__ import annotations

from functools import cache

from parity.analytics.models import FigureBuild
from parity.commitments.models import Deflator, Pillar
from parity.markers.loader import available_schemes

PRIORITY_AREAS = "jica-priority-areas"


def priority_areas() -> dict[str, str]:
    return dict(
        Pillar.objects.filter(framework__slug=PRIORITY_AREAS)
        .order_by("number")
        .values_list("slug", "name")
    )


def pillar_ids() -> dict[str, int]:
    return {
        f"{fw}:{slug}": pk
        for fw, slug, pk in Pillar.objects.values_list("framework__slug", "slug", "pk")
    }


@cache
def schemes() -> tuple[str, ...]:
    return tuple(available_schemes())


def deflator_series() -> dict[str, tuple[set[int], str]]:
    found: dict[str, tuple[set[int], str]] = {}
    for key, year, currency in Deflator.objects.usable().values_list("key", "year", "currency"):
        found.setdefault(key, (set(), currency))[0].add(year)
    return found


def deflator_index(key: str) -> dict[int, str]:
    """year -> index (as stored) of one deflator series."""
    return dict(Deflator.objects.usable().filter(key=key).values_list("year", "index"))


def latest_build() -> FigureBuild | None:
    return FigureBuild.objects.order_by("-built_at", "-id").first()


def build_currency() -> str:
    build = latest_build()
    return build.currency if build else "USD"
