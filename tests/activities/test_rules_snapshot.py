"""The flag step's rules-only snapshot gives the rules what they read from a file: a core
contribution whose aid type is given only on its transactions is told apart from an
unscreened project after an import, as it is when the file itself is checked."""

from __future__ import annotations

import io
from datetime import date

from parity.activities.as_iati_model import activity_snapshots
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.iati.model import Activity as IatiActivity
from parity.iati.reader import read_activities
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.models import Flag
from parity.markers import check_activity

XML = """<iati-activities version="2.03"><iati-activity>
<iati-identifier>XM-1-CORE</iati-identifier>
<reporting-org ref="XM-1" type="10"><narrative>Donor</narrative></reporting-org>
<title><narrative>Core contribution</narrative></title>
<participating-org role="1" ref="XM-1"/>
<recipient-country code="KE"/>
<activity-status code="2"/>
<activity-date type="2" iso-date="2020-01-01"/>
<transaction><transaction-type code="3"/><transaction-date iso-date="2020-05-01"/>
<value currency="USD" value-date="2020-05-01">100</value><aid-type code="B02"/></transaction>
</iati-activity></iati-activities>"""
TODAY = date(2025, 1, 1)


def test_a_core_contribution_given_on_transactions_gets_the_same_flags_as_its_file(db) -> None:
    (activity,) = [
        a for a in read_activities(io.BytesIO(XML.encode()), name="c.xml")
        if isinstance(a, IatiActivity)
    ]  # fmt: skip
    ActivityLoader().load([activity])
    from_file = sorted(f.rule_id for f in check_activity(activity, TODAY))
    assert "gender-marker-missing-pass-through" in from_file
    assert "gender-marker-missing" not in from_file
    (snapshot,) = activity_snapshots(rules_only=True)
    assert [t.aid_type for t in snapshot.transactions] == ["B02"]
    assert snapshot.dates == () and snapshot.recipient_countries == ()
    flags_refresh(today=TODAY)
    stored = Flag.objects.filter(activity=Activity.objects.get(iati_identifier="XM-1-CORE"))
    assert sorted(stored.values_list("rule", flat=True)) == from_file
