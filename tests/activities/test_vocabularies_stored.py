"""A 2.03 transaction whose earmarking aid type comes before its DAC one is stored, counted and
rebuilt with the DAC code: it stays in bilateral allocable aid."""

from __future__ import annotations

import io

import pytest

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Transaction
from parity.analytics.counting import effective_aid_type, is_allocable
from parity.iati.model import Activity as IatiActivity
from parity.iati.reader import read_activities

pytestmark = pytest.mark.django_db

XML = """<iati-activities version="2.03"><iati-activity default-currency="USD">
<iati-identifier>XM-1-EARMARK</iati-identifier><reporting-org ref="XM-1" type="10"/>
<title><narrative>Earmarked project</narrative></title>
<default-aid-type code="1" vocabulary="2"/><default-aid-type code="C01"/>
<transaction><transaction-type code="3"/><transaction-date iso-date="2020-05-01"/>
<value value-date="2020-05-01">100</value>
<sector vocabulary="99" code="LOCAL-7"/><sector code="15170"/>
<aid-type code="1" vocabulary="2"/><aid-type code="C01"/></transaction>
</iati-activity></iati-activities>"""


def test_the_dac_aid_type_is_stored_and_the_earmarking_one_kept_beside_it() -> None:
    (activity,) = [
        a
        for a in read_activities(io.BytesIO(XML.encode()), name="e.xml")
        if isinstance(a, IatiActivity)
    ]
    ActivityLoader().load([activity])
    row = Transaction.objects.get(activity__iati_identifier="XM-1-EARMARK")
    stored = Activity.objects.get(iati_identifier="XM-1-EARMARK")
    assert (row.aid_type, row.other_aid_types) == ("C01", [["2", "1"]])
    assert (row.sector_code, row.sector_vocabulary) == ("15170", "1")
    assert (stored.default_aid_types, stored.other_default_aid_types) == (["C01"], [["2", "1"]])
    assert is_allocable(effective_aid_type(row.aid_type, stored.default_aid_types))
    (again,) = activity_snapshots(finance=True)
    assert again.transactions == activity.transactions
    assert again.other_default_aid_types == activity.other_default_aid_types
