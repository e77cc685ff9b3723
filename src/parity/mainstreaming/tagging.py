"""Priority-area tags: activities linked to JICA's priority areas (pillars of the commitments
app's framework) by the sector rules of parity.markers.priority, or by hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from parity import roles
from parity.activities.models import Activity, ActivitySector
from parity.commitments.models import Framework, Pillar, PillarTag
from parity.iati import model as iati
from parity.mainstreaming.errors import TaggingError, require
from parity.mainstreaming.flags import CHUNK_SIZE, chunks
from parity.markers import suggest_priority_areas

JICA_FRAMEWORK = "jica-priority-areas"
# Slugs of the rules file's areas that the seed spells differently for the framework's pillars.
AREA_TO_PILLAR = {
    "rights-security": "rights-and-security",
    "education-health": "education-and-health",
}


@dataclass
class TagCounts:
    activities: int = 0
    automatic: int = 0
    kept_manual: int = 0


def _jica_pillars() -> dict[str, Pillar]:
    try:
        framework = Framework.objects.get(slug=JICA_FRAMEWORK)
    except Framework.DoesNotExist:
        raise TaggingError(
            f"The framework {JICA_FRAMEWORK!r} is not in the database: load it first "
            "(parity demo loads the source document's frameworks)."
        ) from None
    return {pillar.slug: pillar for pillar in framework.pillars.all()}


def priority_tags_apply(
    activity_ids: Iterable[int] | None = None, *, chunk_size: int = CHUNK_SIZE
) -> TagCounts:
    """Tag activities with JICA's priority areas by the sector rules (parity.markers.priority).

    Re-running replaces the automatic tags only; a tag set by hand is never touched, and no
    automatic tag is added beside a manual one for the same pillar.
    """
    pillars = _jica_pillars()
    pillar_ids = [p.pk for p in pillars.values()]
    queryset = Activity.objects.all()
    if activity_ids is not None:
        queryset = queryset.filter(pk__in=list(activity_ids))
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    counts = TagCounts(activities=len(ids))
    for chunk in chunks(ids, chunk_size):
        sectors: dict[int, list[iati.Sector]] = {pk: [] for pk in chunk}
        rows = ActivitySector.objects.filter(activity_id__in=chunk).values_list(
            "activity_id", "code", "vocabulary", "percentage"
        )
        for activity_id, code, vocabulary, percentage in rows:
            sectors[activity_id].append(iati.Sector(code, vocabulary, percentage))
        with transaction.atomic():
            tags = PillarTag.objects.filter(activity_id__in=chunk, pillar_id__in=pillar_ids)
            manual = set(tags.filter(automatic=False).values_list("activity_id", "pillar_id"))
            tags.filter(automatic=True).delete()
            new: list[PillarTag] = []
            for activity_id, found in sectors.items():
                if not found:
                    continue
                light = iati.Activity(
                    identifier="", reporting_org=iati.OrgRef(), sectors=tuple(found)
                )
                for tag in suggest_priority_areas(light):
                    pillar = pillars.get(AREA_TO_PILLAR.get(tag.area.slug, tag.area.slug))
                    if pillar is None:
                        continue
                    if (activity_id, pillar.pk) in manual:
                        counts.kept_manual += 1
                        continue
                    # A key, not a sentence: mainstreaming.words.tag_rule_words reads it
                    # back in the reader's language.
                    rule = f"{tag.rule.label} (sector {tag.sector_code})"
                    new.append(
                        PillarTag(activity_id=activity_id, pillar=pillar, automatic=True, rule=rule)
                    )
            PillarTag.objects.bulk_create(new, batch_size=1000)
            counts.automatic += len(new)
    return counts


@transaction.atomic
def pillar_tag_add(activity: Activity, pillar: Pillar, user: Any) -> PillarTag:
    """Tag by hand; an automatic tag for the same pillar becomes a manual one."""
    require(user, roles.TAG, gettext_noop("tag activities"))
    tag, created = PillarTag.objects.select_for_update().get_or_create(
        activity=activity, pillar=pillar, defaults={"automatic": False}
    )
    if not created and tag.automatic:
        tag.automatic = False
        tag.rule = ""
        tag.save(update_fields=["automatic", "rule"])
    return tag


@transaction.atomic
def pillar_tag_remove(activity: Activity, pillar: Pillar, user: Any) -> None:
    require(user, roles.TAG, gettext_noop("tag activities"))
    PillarTag.objects.filter(activity=activity, pillar=pillar).delete()
