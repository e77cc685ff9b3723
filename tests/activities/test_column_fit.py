"""Values longer than their column: the activity is kept on every database (PostgreSQL would
refuse the row), the column is empty and the whole value is in a data-quality note."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from parity.activities.models import Activity, DataNote, Organisation

pytestmark = pytest.mark.django_db

LONG_TYPE = ("An organisation type written out in words, far longer than any code " * 2).strip()
LONG_VOCABULARY = "99-a-vocabulary-name-" + "x" * 60
LONG_CODE = "A-sector-code-" + "y" * 60

FILE = f"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-LONG-1</iati-identifier>
  <reporting-org ref="XM-LONG" type="{LONG_TYPE}"><narrative>Test org</narrative></reporting-org>
  <title><narrative>Values too long for their columns</narrative></title>
  <recipient-country code="NOTACOUNTRYCODE" percentage="100"/>
  <sector vocabulary="{LONG_VOCABULARY}" code="{LONG_CODE}"/>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2020-02-01"/>
   <value currency="DOLLARS" value-date="2020-02-01">50</value>
  </transaction>
 </iati-activity>
</iati-activities>
"""


def test_over_long_values_are_kept_in_notes_and_the_activity_lands(tmp_path: Path) -> None:
    path = tmp_path / "long.xml"
    path.write_text(FILE, encoding="utf-8")
    call_command("import_iati", str(path), verbosity=0)

    activity = Activity.objects.get(iati_identifier="XM-LONG-1")
    assert activity.recipient_countries.get().code == ""
    sector = activity.sectors.get()
    assert (sector.code, sector.vocabulary) == ("", "")
    assert activity.transactions.get().currency == ""
    assert Organisation.objects.get(ref="XM-LONG").type == ""

    kept = {
        (n.part, n.value)
        for n in DataNote.objects.filter(activity=activity, problem__contains="Parity stores")
    }
    assert kept == {
        ("reporting-org", LONG_TYPE),
        ("recipient-country", "NOTACOUNTRYCODE"),
        ("sector", LONG_CODE),
        ("sector", LONG_VOCABULARY),
        ("transaction", "DOLLARS"),
    }
    note = DataNote.objects.get(activity=activity, value="NOTACOUNTRYCODE", problem__contains="3")
    assert note.problem.startswith("code of 15 characters is longer than the 3 Parity stores")
    assert note.action == "kept as given"
