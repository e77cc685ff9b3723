"""The rows an activity is stored as, and its fingerprint (parity.iati.rows, compiled)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from parity.iati.model import Activity, Narrative
from parity.iati.reader import read_activities
from parity.iati.rows import PARTS, activity_content, indicator_value_rows, narratives_text
from tests.iati.conftest import one_activity

FIXTURES = Path("real/IATI-Datastore/iatilib-test-fixtures")
# The fingerprints of every activity of two real files, one per identifier in file order,
# joined by newlines and hashed, as the loader computed them before it was compiled: stored
# hashes must not change, or every activity would count as updated on its next import.
PINNED = {
    "complex_example_dfid.xml": "2528333e1e64b165de50360d26b3fd1c11e38192b8603060e89bb4329fd046ad",
    "big_value.xml": "cd578ca953b2d7a93d5efcacfbceb25736f3c10eb1c6614581a38f67264524ce",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_fingerprints_of_real_files_are_those_already_stored(iati_dir: Path, name: str) -> None:
    digests: dict[str, str] = {}
    for item in read_activities(iati_dir / FIXTURES / name):
        if isinstance(item, Activity):
            digests[item.identifier] = activity_content(item, name)[1]
    combined = hashlib.sha256("\n".join(digests.values()).encode()).hexdigest()
    assert combined == PINNED[name]


ACTIVITY = """
<title><narrative>Girls' schooling</narrative><narrative xml:lang="ja">女子教育</narrative></title>
<activity-date type="2" iso-date="2020-01-15"/>
<sector code="11220" percentage="60"/>
<policy-marker vocabulary="1" code="1" significance="2"/>
<transaction>
  <transaction-type code="3"/><transaction-date iso-date="2020-03-01"/>
  <value value-date="2020-03-01">1500.50</value>
  <provider-org ref="XM-1"><narrative>Agency</narrative></provider-org>
  <aid-type vocabulary="2" code="1"/>
</transaction>
<result type="1">
  <title><narrative>Girls enrolled</narrative></title>
  <indicator measure="1">
    <period>
      <period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
      <target value="100"><dimension name="sex" value="female"/></target>
      <actual value="90"/>
    </period>
  </indicator>
</result>
"""


def test_rows_hold_the_values_each_table_stores() -> None:
    parts, digest = activity_content(one_activity(ACTIVITY), "file.xml")
    rows = dict(zip((name for name, _builder in PARTS), parts, strict=False))
    assert rows["date"] == [(0, "2", date(2020, 1, 15), "")]
    assert rows["sector"] == [(0, "11220", "1", Decimal("60"), "[]")]
    assert rows["policy-marker"] == [(0, "1", "1", 2, "[]")]
    (transaction,) = rows["transaction"]
    assert transaction[:7] == (0, "", "3", date(2020, 3, 1), Decimal("1500.50"), "EUR",
                               date(2020, 3, 1))  # fmt: skip
    assert '[["2", "1"]]' in transaction  # the earmarking aid type, as JSON text
    assert transaction[-8:-4] == ("XM-1", "", '[{"text": "Agency", "lang": ""}]', "")
    (result,) = parts[-1]
    assert result[:2] == ("1", '[{"text": "Girls enrolled", "lang": ""}]')
    (indicator,) = result[4]
    ((start, end, targets, actuals),) = indicator[6]
    assert (start, end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert targets[0][0] == Decimal("100")
    assert json.loads(targets[0][2])[0]["norm_value"] == "female"
    assert actuals == [(Decimal("90"), "", "[]")]
    assert len(digest) == 64


def test_the_fingerprint_follows_the_values_not_the_objects() -> None:
    activity = one_activity(ACTIVITY)
    same = replace(activity, titles=tuple(Narrative(n.text, n.lang) for n in activity.titles))
    changed = replace(activity, titles=(Narrative("Boys' schooling"),))
    assert activity_content(same)[1] == activity_content(activity)[1]
    assert activity_content(changed)[1] != activity_content(activity)[1]
    assert activity_content(activity, "a.xml")[1] != activity_content(activity, "b.xml")[1]


def test_narratives_text_keeps_non_ascii_and_escapes_quotes() -> None:
    narratives = (Narrative('"Equal" pay', "en"), Narrative("同一賃金", "ja"))
    text = narratives_text(narratives)
    assert json.loads(text) == [
        {"text": '"Equal" pay', "lang": "en"},
        {"text": "同一賃金", "lang": "ja"},
    ]
    assert "同一賃金" in text


def test_transactions_that_repeat_an_organisation_share_its_text() -> None:
    transaction = (
        '<transaction><transaction-type code="3"/><value value-date="2020-03-01">5</value>'
        '<provider-org ref="XM-1"><narrative>Agency</narrative></provider-org>'
        "<description><narrative>Tranche</narrative></description></transaction>"
    )
    activity = one_activity(transaction * 3)
    parts, _digest = activity_content(activity)
    rows = dict(zip((name for name, _builder in PARTS), parts, strict=False))["transaction"]
    names = [row[-6] for row in rows]  # the provider's names, as JSON text
    descriptions = [row[7] for row in rows]
    assert names[0] == '[{"text": "Agency", "lang": ""}]'
    assert all(text is names[0] for text in names)
    assert descriptions[0] == '[{"text": "Tranche", "lang": ""}]'
    assert all(text is descriptions[0] for text in descriptions)


def test_indicator_value_rows_give_each_periods_targets_then_actuals_by_sex() -> None:
    (result,) = one_activity(ACTIVITY).results
    (period,) = result.indicators[0].periods
    values = activity_content(one_activity(ACTIVITY))[0][-1][0][4][0][6][0]
    rows = indicator_value_rows([7], [(3, period, values)])
    dimensions = json.loads(rows[0][5])
    assert rows[0][:5] == (7, "target", "female", Decimal("100"), "")
    assert dimensions[0]["norm_value"] == "female"
    assert rows[1] == (7, "actual", "", Decimal("90"), "", "[]")
    with pytest.raises(ValueError, match="1 period ids for 2 periods"):
        indicator_value_rows([7], [(3, period, values)] * 2)
