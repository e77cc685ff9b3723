"""Priority-area tags by the sector rules: written as automatic, never over a manual tag."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from parity.activities.models import Activity
from parity.commitments.models import Framework, Pillar, PillarTag
from parity.mainstreaming import tagging
from parity.mainstreaming.errors import ReviewError, TaggingError

pytestmark = pytest.mark.django_db

SEED_PILLARS = [
    ("economic-empowerment", 1),
    ("rights-and-security", 2),
    ("education-and-health", 3),
    ("governance", 4),
    ("infrastructure", 5),
]


@pytest.fixture
def jica(db) -> dict[str, Pillar]:
    framework = Framework.objects.create(
        slug="jica-priority-areas", name="JICA priority areas", kind="priority_areas"
    )
    return {
        slug: Pillar.objects.create(framework=framework, slug=slug, number=n, name=slug)
        for slug, n in SEED_PILLARS
    }


def tags(activity: Activity) -> list[tuple[str, bool, str]]:
    rows = PillarTag.objects.filter(activity=activity).order_by("pillar__number")
    return [(t.pillar.slug, t.automatic, t.rule) for t in rows]


def test_it_tags_by_the_sector_rules_as_automatic(activity, jica):
    # sectors 15170 (women's rights organisations) and 25010 (business support)
    counts = tagging.priority_tags_apply()
    # the rules file's "rights-security" is the seed's pillar "rights-and-security"
    assert tags(activity) == [
        ("economic-empowerment", True, "prefix 25 (sector 25010)"),
        ("rights-and-security", True, "code 15170 (sector 15170)"),
        ("governance", True, "code 15170 (sector 15170)"),
    ]
    assert counts.automatic == 3


def test_it_replaces_only_automatic_tags_when_run_again(activity, jica, editor):
    tagging.priority_tags_apply()
    automatic = tags(activity)
    manual_pillar = jica["infrastructure"]
    tagging.pillar_tag_add(activity, manual_pillar, editor)
    tagging.priority_tags_apply()
    assert ("infrastructure", False, "") in tags(activity)
    assert [t for t in tags(activity) if t[1]] == automatic


def test_it_never_overwrites_a_manual_tag_with_an_automatic_one(activity, jica, editor):
    tagging.priority_tags_apply()
    slug, _, _ = tags(activity)[0]
    tagging.pillar_tag_add(activity, jica[slug], editor)
    counts = tagging.priority_tags_apply()
    assert (slug, False, "") in tags(activity)
    assert counts.kept_manual == 1


def test_it_turns_an_automatic_tag_into_a_manual_one_when_confirmed_by_hand(activity, jica, editor):
    tagging.priority_tags_apply()
    slug, _, _ = tags(activity)[0]
    tag = tagging.pillar_tag_add(activity, jica[slug], editor)
    assert (tag.automatic, tag.rule) == (False, "")


def test_it_runs_as_a_command_for_one_reporting_org(activity, jica):
    out = StringIO()
    call_command("tag_priority_areas", "--reporting-org", "NOBODY", stdout=out)
    assert "0 automatic tags on 0 activities" in out.getvalue()
    call_command("tag_priority_areas", "--reporting-org", "XM-TEST", stdout=out)
    assert tags(activity)


def test_it_explains_a_missing_framework(activity):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="jica-priority-areas"):
        call_command("tag_priority_areas")


def test_a_missing_framework_is_a_tagging_error_not_a_review_error(activity):
    with pytest.raises(TaggingError, match="jica-priority-areas") as raised:
        tagging.priority_tags_apply()
    assert not isinstance(raised.value, ReviewError)
