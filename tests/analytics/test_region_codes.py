"""A recipient region is shown by its code and name, as the Region codelist gives them ("998",
not the fact table's key "region:998"), in the table, the page and the downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from parity.activities.importer import Importer
from parity.analytics import selectors
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.iati import codelists

pytestmark = pytest.mark.django_db

FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD">
  <iati-identifier>XM-REGION-1</iati-identifier>
  <reporting-org ref="XM-REGION" type="10"><narrative>Region test agency</narrative></reporting-org>
  <title><narrative>Regional gender programme</narrative></title>
  <recipient-region code="998" vocabulary="1" percentage="100"/>
  <policy-marker vocabulary="1" code="1" significance="1"/>
  <default-flow-type code="10"/>
  <default-finance-type code="110"/>
  <default-aid-type code="C01"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-03-01"/>
   <value value-date="2020-03-01">5000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-06-01"/>
   <value value-date="2020-06-01">2000</value></transaction>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def regional(tmp_path: Path, rates) -> None:
    path = tmp_path / "region.xml"
    path.write_text(FILE, encoding="utf-8")
    Importer().run([path])
    facts_refresh()


def test_a_region_is_shown_by_its_code_and_name(regional) -> None:
    table = selectors.figure_table(parse_filters({}), "top-recipients")
    [row] = table.rows
    assert row["code"] == "998"
    assert row["name"] == codelists.codes("Region")["998"]


def test_no_page_or_download_shows_the_internal_key(regional, client: Client) -> None:
    page = client.get("/dashboard/").content.decode()
    assert codelists.codes("Region")["998"] in page
    assert "region:" not in page
    csv = client.get("/dashboard/figures/top-recipients.csv").content.decode()
    assert "998" in csv and "region:" not in csv
