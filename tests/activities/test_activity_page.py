"""The activity page in words: names rather than codes, dates in cycle order, money totals,
results as target against actual, "not given" where the file is silent, related links only
to activities Parity holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.iati.reader import read_activities

pytestmark = pytest.mark.django_db

FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-PAGE-1</iati-identifier>
  <reporting-org ref="XM-PAGE" type="10"><narrative>Page test agency</narrative></reporting-org>
  <title><narrative>Shelters for survivors</narrative></title>
  <participating-org role="4" ref="XM-NGO"/>
  <activity-status code="2"/>
  <activity-date type="3" iso-date="2019-12-31"/>
  <activity-date type="2" iso-date="2017-03-01"/>
  <activity-date type="1" iso-date="2017-01-01"/>
  <recipient-country code="MM" percentage="100"/>
  <sector vocabulary="1" code="15180"/>
  <policy-marker vocabulary="1" code="1" significance="2"/>
  <budget type="1">
   <period-start iso-date="2017-01-01"/><period-end iso-date="2017-12-31"/>
   <value value-date="2017-01-01">1000</value></budget>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2017-01-05"/>
   <value value-date="2017-01-05">900</value>
   <provider-org ref="XM-PAGE"><narrative>Page test agency</narrative></provider-org></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2017-06-05"/>
   <value value-date="2017-06-05">400</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="2017-09-05"/>
   <value value-date="2017-09-05">100</value></transaction>
  <result type="1">
   <title><narrative>Women sheltered</narrative></title>
   <indicator measure="1"><title><narrative>Survivors given shelter</narrative></title>
    <period><period-start iso-date="2017-01-01"/><period-end iso-date="2017-12-31"/>
     <target value="200"><dimension name="sex" value="female"/></target>
     <actual value="150"><dimension name="sex" value="female"/></actual>
    </period>
   </indicator>
  </result>
  <related-activity ref="XM-PAGE-2" type="2"/>
  <related-activity ref="XM-ELSEWHERE-9" type="3"/>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-PAGE-2</iati-identifier>
  <reporting-org ref="XM-PAGE" type="10"><narrative>Page test agency</narrative></reporting-org>
  <title><narrative>Child activity</narrative></title>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def page(client: Client, tmp_path: Path) -> str:
    path = tmp_path / "page.xml"
    path.write_text(FILE, encoding="utf-8")
    ActivityLoader().load(read_activities(path))
    response = client.get("/activities/XM-PAGE-1/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_codes_are_shown_as_names(page: str) -> None:
    assert "Myanmar (MM, 100%)" in page
    assert "15180 Ending violence against women and girls" in page
    assert "Gender equality: principal objective" in page
    assert "US Dollar (USD)" in page
    assert "code 1 (vocabulary 1)" not in page
    assert "Implementation" in page


def test_dates_follow_the_cycle(page: str) -> None:
    dates = re.search(r"<dt>Dates</dt><dd>(.*?)</dd>", page).group(1)
    assert dates == "Planned start: 2017-01-01; Actual start: 2017-03-01; Planned end: 2019-12-31"


def test_totals_set_spent_against_the_budget(page: str) -> None:
    row = re.search(r"<th scope=\"row\">USD</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells == ["1,000", "900", "400", "100", "50%"]


def test_results_set_the_actual_against_the_target_by_sex(page: str) -> None:
    row = re.search(r"<td>women and girls</td>(.*?)</tr>", page).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', row) == ["200", "150", "75%"]


def test_unknown_parties_say_not_given(page: str) -> None:
    transactions = page.split("<h2>Transactions</h2>")[1].split("</table>")[0]
    assert "Page test agency" in transactions
    assert transactions.count("not given") == 5  # one provider named of six parties
    assert "None" not in page and "?" not in transactions


def test_related_activities_link_only_to_held_ones(page: str) -> None:
    assert '<a href="/activities/XM-PAGE-2/">XM-PAGE-2</a>' in page
    assert "XM-ELSEWHERE-9" in page
    assert 'href="/activities/XM-ELSEWHERE-9/"' not in page
