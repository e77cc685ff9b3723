"""CRS projects in the views everyone uses: list and search, the import record, the dashboard,
figure downloads, the IATI export; and the real extract the demo loads."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from parity.activities import crs_demo, presenting
from parity.activities.models import Activity, ImportFile, ImportRun
from parity.pagekit.templatetags.parity import country
from tests.crs.files import bulk_row, bulk_text, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def crs_project(tmp_path):
    rows = [
        bulk_row(CrsID="1", ProjectTitle="Maternal health in Turkana", USD_Commitment="n/a"),
        bulk_row(CrsID="2", ProjectTitle="Maternal health in Turkana"),
    ]
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=StringIO())
    return Activity.objects.get()


def test_search_finds_the_crs_project(crs_project):
    page = Client().get("/activities/", {"q": "Maternal health"}).content.decode()
    assert crs_project.iati_identifier in page


def test_the_list_gives_a_crs_projects_years_for_its_dates(tmp_path):
    rows = [bulk_row(Year=year, CrsID="1", ProjectTitle="Shelters") for year in ("2016", "2018")]
    rows.append(bulk_row(Year="2017", CrsID="2", ProjectTitle="Hotline"))
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=StringIO())
    page = Client().get("/activities/", {"sort": "identifier"}).content.decode()
    body = page.split("<tbody>")[1]
    shelters, hotline = body.split("</tr>")[:2]
    if "Shelters" not in shelters:
        shelters, hotline = hotline, shelters
    assert shelters.count('<td class="date">2016\u20132018</td>') == 2
    assert hotline.count('<td class="date">2017</td>') == 2
    assert '<td class="date"><span class="muted">' not in shelters + hotline


def test_the_project_page_gives_its_years_where_iati_gives_dates(tmp_path):
    rows = [bulk_row(Year=year, CrsID="1", ProjectTitle="Shelters") for year in ("2016", "2018")]
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=StringIO())
    activity = Activity.objects.get()
    page = Client().get(reverse("activities:detail", args=[activity.iati_identifier]))
    dates = page.content.decode().split("<dt>Dates</dt><dd>", 1)[1].split("</dd>")[0]
    assert dates == "2016\u20132018 (the CRS gives years, not dates)"


def test_the_project_page_names_the_donor_in_the_readers_language_and_says_not_given(
    tmp_path,
):
    rows = [bulk_row(USD_Commitment="", USD_Disbursement="")]  # constant prices only
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=StringIO())
    activity = Activity.objects.get()
    url = reverse("activities:detail", args=[activity.iati_identifier])
    page = Client().get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    with translation.override("ja"):
        japanese = country("GB")
    assert japanese != "United Kingdom"
    orgs = page.split("<h2>参加機関</h2><ul>", 1)[1].split("</ul>")[0]
    assert "United Kingdom" not in orgs
    assert f"{japanese} (XM-DAC-12)" in orgs
    amounts = page.split('id="crs-facts"', 1)[1].split("</tbody>")[0].split("<tbody>")[1]
    assert "—" not in amounts
    assert amounts.count("記載なし") == 2  # no current-price commitment or disbursement


def test_the_import_page_names_layout_encoding_and_the_rejected_row(crs_project):
    run = ImportRun.objects.get()
    page = Client().get(f"/imports/{run.pk}/").content.decode()
    assert "CRS bulk file (one row per project and year), utf-8, pipe-delimited" in page
    assert "USD_Commitment" in page and "&#x27;n/a&#x27; is not a number" in page
    # Its counts are the file's project-years (one here: the other row was rejected).
    assert "<dt>CRS project-years</dt><dd>1 created" in page
    assert "CRS project-years: 1 created, 0 updated" in page
    assert "<dt>Activities</dt>" not in page


def test_dashboard_and_figure_downloads_include_crs_rows(crs_project):
    call_command("refresh_figures", stdout=StringIO())
    client = Client()
    assert client.get("/dashboard/").status_code == 200
    download = client.get("/dashboard/figures/focused-share.xlsx")
    assert download.status_code == 200 and download.content.startswith(b"PK")


def test_iati_export_writes_the_crs_project(crs_project, tmp_path):
    target = tmp_path / "out.xml"
    call_command("export_iati", "--output", str(target), stdout=StringIO())
    text = target.read_text()
    assert "<iati-identifier>crs:12-2</iati-identifier>" in text
    assert 'value-date="2019-12-31">750000' in text


def test_the_demo_loads_the_real_extract_once():
    run = crs_demo.load_demo_crs()
    record = run.files.get()
    assert (record.name, record.status, record.created) == (
        crs_demo.DEMO_FILE,
        ImportFile.IMPORTED,
        4021,
    )
    real = Activity.objects.filter(source="crs")
    assert real.count() == 3426 and not real.filter(is_sample=True).exists()
    assert set(real.values_list("source_note", flat=True)) == {crs_demo.SOURCE_NOTE}
    assert "was loaded before" in crs_demo.describe(crs_demo.load_demo_crs())


def test_the_project_page_says_not_given_for_a_measure_the_file_does_not_give(tmp_path):
    rows = [
        bulk_row(CrsID="1", USD_Commitment="", USD_Commitment_Defl=""),  # disbursed only
        bulk_row(CrsID="2", USD_Commitment="0", USD_Disbursement="", USD_Disbursement_Defl=""),
        bulk_row(CrsID="3", USD_Commitment="", USD_Disbursement=""),  # constant prices only
    ]
    call_command("import_crs", str(write(tmp_path, "crs.txt", bulk_text(rows))), stdout=StringIO())
    first, second, third = Activity.objects.order_by("iati_identifier")
    [total] = presenting.totals(first)
    assert (total.committed, total.disbursed, total.expended) == (None, Decimal("750000"), None)
    [total] = presenting.totals(second)
    assert (total.committed, total.disbursed) == (Decimal("0"), None)  # a stated 0 stays 0
    [total] = presenting.totals(third)  # never shown as if at current prices
    assert (total.currency, total.committed) == ("USD, constant prices", Decimal("1600000"))

    for activity, stated in ((first, ""), (second, '<td class="num">0</td>')):
        page = Client().get(reverse("activities:detail", args=[activity.iati_identifier]))
        cells = page.content.decode().split('<th scope="row">USD</th>', 1)[1].split("</tr>")[0]
        assert cells.count("not given") == 3  # the budget and the two measures not given
        assert stated in cells
