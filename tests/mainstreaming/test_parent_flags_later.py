"""A parent's "not screened" flag follows its components (related-activity type 2) when they
arrive, or change, in a later import than the parent's own (issue 14, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.activities.importer import Importer
from parity.mainstreaming.models import Flag

pytestmark = pytest.mark.django_db

MISSING = "gender-marker-missing"
PARENT = "gender-marker-missing-parent"


def activity(identifier: str, marker: str = "", related: str = "") -> str:
    return f"""<iati-activity>
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-TEST" type="10"><narrative>Test org</narrative></reporting-org>
  <title><narrative>{identifier}</narrative></title>
  {related}
  {f'<policy-marker vocabulary="1" code="1" significance="{marker}"/>' if marker else ""}
 </iati-activity>
"""


def import_file(tmp_path: Path, name: str, *activities: str) -> None:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0"?>\n<iati-activities version="2.03">\n'
        + "".join(activities)
        + "</iati-activities>\n"
    )
    Importer().run([path])


def rules(identifier: str) -> list[str]:
    found = Flag.objects.filter(activity__iati_identifier=identifier, rule__in=[MISSING, PARENT])
    return list(found.values_list("rule", flat=True))


def created_of(identifier: str) -> list:
    return list(
        Flag.objects.filter(activity__iati_identifier=identifier).values_list("created", flat=True)
    )


def test_a_component_imported_later_turns_the_parents_flag_into_screened_through_it(tmp_path):
    import_file(
        tmp_path,
        "parents.xml",
        activity("XM-PARENT", related='<related-activity ref="XM-CHILD" type="2"/>'),
        activity("XM-OTHER", related='<related-activity ref="XM-ELSEWHERE" type="2"/>'),
    )
    assert rules("XM-PARENT") == [MISSING]
    other = created_of("XM-OTHER")
    import_file(tmp_path, "children.xml", activity("XM-CHILD", marker="1"))
    assert rules("XM-PARENT") == [PARENT], "screened through its component"
    assert created_of("XM-OTHER") == other, "only the parents of what was imported are checked"
    # The component loses its marker in a later version: the parent is not screened again.
    import_file(tmp_path, "children-v2.xml", activity("XM-CHILD"))
    assert rules("XM-PARENT") == [MISSING]


def test_a_component_that_lists_its_parent_only_as_type_1_changes_nothing(tmp_path):
    import_file(tmp_path, "parent.xml", activity("XM-PARENT"))
    import_file(
        tmp_path,
        "child.xml",
        activity("XM-CHILD", marker="2", related='<related-activity ref="XM-PARENT" type="1"/>'),
    )
    assert rules("XM-PARENT") == [MISSING]  # the rule reads the parent's own list of components
