"""The row that sums the recipients after the top ten has no code of its own: its code cell is
empty in the table, on the page and in the downloads (it read "*")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from parity.activities.importer import Importer
from parity.analytics import selectors
from parity.analytics.definitions import TOP
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters

pytestmark = pytest.mark.django_db

COUNTRIES = ["AF", "AL", "DZ", "AO", "AR", "AM", "BD", "BJ", "BO", "BR", "KH", "CM"]

ACTIVITY = """ <iati-activity default-currency="USD">
  <iati-identifier>XM-OTHERS-{n}</iati-identifier>
  <reporting-org ref="XM-OTHERS" type="10"><narrative>Others test agency</narrative></reporting-org>
  <title><narrative>Gender programme {n}</narrative></title>
  <recipient-country code="{country}" percentage="100"/>
  <policy-marker vocabulary="1" code="1" significance="1"/>
  <default-flow-type code="10"/>
  <default-finance-type code="110"/>
  <default-aid-type code="C01"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-03-01"/>
   <value value-date="2020-03-01">{amount}</value></transaction>
 </iati-activity>
"""


@pytest.fixture
def twelve_recipients(tmp_path: Path, rates) -> None:
    activities = "".join(
        ACTIVITY.format(n=n, country=country, amount=1000 * (n + 1))
        for n, country in enumerate(COUNTRIES)
    )
    path = tmp_path / "others.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        f"{activities}</iati-activities>\n",
        encoding="utf-8",
    )
    Importer().run([path])
    facts_refresh()


def test_the_others_row_has_an_empty_code(twelve_recipients) -> None:
    table = selectors.figure_table(parse_filters({}), "top-recipients")
    assert len(table.rows) == TOP + 1
    others = table.rows[-1]
    assert (others["code"], others["name"]) == ("", "All others (2)")
    assert [row["code"] for row in table.rows[:TOP]] == COUNTRIES[::-1][:TOP]


def test_no_page_or_download_shows_a_star_for_a_code(twelve_recipients, client: Client) -> None:
    page = client.get("/dashboard/").content.decode()
    assert "All others (2)" in page
    assert not re.search(r">\s*\*\s*<", page)
    csv = client.get("/dashboard/figures/top-recipients.csv").content.decode()
    [line] = [line for line in csv.splitlines() if "All others (2)" in line]
    assert line.startswith(',"All others (2)"') or line.startswith(",All others (2)")
