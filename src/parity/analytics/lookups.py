"""Reads of what the filters and the figures' cache check against: priority areas, pillars,
marker schemes, deflator series and the fact table's latest build."""

from __future__ import annotations

from functools import cache

from parity.activities.models import Organisation
from parity.analytics.counting import ALL
from parity.analytics.models import FigureBuild, FigureRow
from parity.commitments.models import Deflator, Pillar
from parity.markers.loader import available_schemes
from parity.providers import DAC

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


def org_provider_group(ref: str) -> str:
    """The provider group the fact table gives an organisation's rows ("" when it has none)."""
    rows = FigureRow.objects.filter(reporting_org_id__in=Organisation.objects.filter(ref=ref))
    return rows.values_list("provider_group", flat=True).first() or ""


def default_provider_group(build: FigureBuild | None) -> str:
    """DAC members (the OECD's headline) when the figures hold any DAC member's money, else
    every provider, so that a portfolio without DAC members is not an empty dashboard."""
    return DAC if build is not None and DAC in build.provider_groups else ALL


def constant_base_years(build: FigureBuild | None) -> list[int | None]:
    """The base years of the constant amounts CRS files gave, in the build (None: files that
    do not state it, as the bulk files' ``_defl`` columns)."""
    return list(build.constant_base_years) if build is not None else []


def latest_build() -> FigureBuild | None:
    return FigureBuild.objects.order_by("-built_at", "-id").first()


def build_currency() -> str:
    build = latest_build()
    return build.currency if build else "USD"
