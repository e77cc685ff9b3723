"""The dashboard page, downloads and bad input."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.analytics import definitions as d
from parity.analytics import selectors
from parity.analytics.exports import header
from parity.analytics.facts import facts_refresh
from parity.analytics.filters import parse_filters
from parity.sample import generate_portfolio
from tests.helpers.offline import fetched_elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def figures(rates) -> None:
    ActivityLoader(is_sample=True).load(generate_portfolio(40, seed=2))
    facts_refresh()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XX", "country"),
        ("region=nowhere", "region"),
        ("sector=99999", "sector"),
        ("reporting_org=XM-NOBODY", "reporting_org"),
        ("area=not-an-area", "area"),
        ("pillar=no:such", "pillar"),
        ("scheme=made-up", "scheme"),
        ("year_from=abc", "year_from"),
        ("year_from=2020&year_to=2010", "year_to"),
        ("basis=pledges", "basis"),
        ("prices=cheap", "prices"),
        ("currency=EUR", "currency"),  # the figures are built in USD
        ("aid_type=Z99", "aid_type"),
        ("flow_type=999", "flow_type"),
        ("provider_group=g20", "provider_group"),
        ("contry=AF", "contry"),  # a misspelt filter is not silently ignored
        ("country=AF&country=KE", "country"),
        ("country=AF&region=298", "region"),
        ("base_year=2020", "prices"),
    ],
)
def test_it_refuses_a_bad_filter_naming_it(client, query, field) -> None:
    page = client.get(f"/dashboard/?{query}")
    assert page.status_code == 400
    assert field in page.content.decode()
    download = client.get(f"/dashboard/figures/focused-share.csv?{query}")
    assert download.status_code == 400
    assert download.json()["field"] == field


def test_it_shows_every_figure_with_a_table_and_downloads(client, figures) -> None:
    page = client.get("/dashboard/?basis=disbursements&year_from=2015&year_to=2022")
    assert page.status_code == 200
    html = page.content.decode()
    for name in d.FIGURES:
        assert f'id="{name}"' in html
        assert f"/dashboard/figures/{name}.csv?basis=disbursements" in html
    assert html.count("<caption>") == len(d.FIGURES)
    assert "Disbursements and expenditure" in html
    assert "ODA (IATI flow type 10, CRS category 10)" in html
    assert '<option value="all" selected>All providers</option>' in html  # no DAC member here
    assert fetched_elsewhere(html) == []


@pytest.mark.parametrize("name", ["focused-share", "top-recipients", "top-sectors", "by-marker"])
def test_the_csv_holds_exactly_the_table(client, figures, name) -> None:
    query = {"basis": "commitments", "year_from": "2016"}
    filters = parse_filters(query)
    table = selectors.figure_table(filters, name)
    response = client.get(f"/dashboard/figures/{name}.csv", query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == header(table, selectors.basis_of(filters))
    assert len(rows) - 1 == len(table.rows)
    for line, row in zip(rows[1:], table.rows, strict=True):
        assert line == ["" if row[c.key] is None else str(row[c.key]) for c in table.columns]


def test_xlsx_and_json_downloads(client, figures) -> None:
    xlsx = client.get("/dashboard/figures/top-sectors.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    data = client.get("/dashboard/figures/top-sectors.json").json()
    assert data["basis"]["currency"] == "USD"


def test_an_unknown_figure_or_format_is_a_404(client, figures) -> None:
    assert client.get("/dashboard/figures/nonsense.csv").status_code == 404
    assert client.get("/dashboard/figures/top-sectors.pdf").status_code == 404


def test_the_filtered_activities_download_as_iati_xml(client, figures) -> None:
    response = client.get("/dashboard/activities.xml?basis=disbursements")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert b"<iati-activities" in body
    expected = selectors.filtered_activities(parse_filters({"basis": "disbursements"}))
    assert body.count(b"<iati-activity ") + body.count(b"<iati-activity>") == expected.count()


def test_it_warns_when_activities_changed_after_the_build(client, figures) -> None:
    from parity.activities.models import Activity

    activity = Activity.objects.first()
    activity.title = "changed"
    activity.save()
    assert "being rebuilt in the background" in client.get("/dashboard/").content.decode()
