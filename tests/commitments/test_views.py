from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parity.commitments.seed import load_seed
from parity.commitments.tracking.pledge import pledge_report
from tests.helpers.offline import fetched_elsewhere

from .conftest import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def pledge(portfolio, rates):
    return make_pledge()


def test_it_shows_progress_evidence_and_a_local_chart(client, pledge) -> None:
    response = client.get(reverse("commitments:pledge-detail", args=[pledge.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    money = pledge_report(pledge).money
    first = money.evidence(0, 1)[0]
    assert reverse("activities:detail", args=[first.activity]) in page
    assert "scored 1 or 2 on the gender marker" in page
    assert reverse("pagekit:plotly-js") in page
    assert fetched_elsewhere(page) == []
    assert "<table" in page  # the figures are there without JavaScript


def test_it_paginates_the_evidence(client, pledge) -> None:
    pledge.scope_rule = {"include_sample": True, "dates": "transactions"}
    pledge.save()
    url = reverse("commitments:pledge-detail", args=[pledge.slug])
    assert client.get(url, {"evidence_page": "999"}).status_code == 404
    assert client.get(url, {"excluded": "nonsense"}).status_code == 404
    response = client.get(url, {"excluded": "not-screened"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "No gender marker: not screened" in page
    assert "<td>not screened</td>" in page


def test_it_exports_exactly_the_evidence_rows(client, pledge) -> None:
    money = pledge_report(pledge).money
    response = client.get(
        reverse("commitments:pledge-evidence", args=[pledge.slug, "money", "csv"])
    )
    assert response.content.startswith("\ufeff".encode())  # read as UTF-8 by spreadsheets
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == money.count
    assert sum(Decimal(r["amount in target currency"]) for r in rows) == money.progress.total
    assert [int(r["transaction id"]) for r in rows] == list(money.transaction_ids)
    response = client.get(
        reverse("commitments:pledge-evidence", args=[pledge.slug, "money", "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == money.count + 1


def test_it_refuses_unknown_exports(client, pledge) -> None:
    for kind, fmt in [("money", "pdf"), ("output-999", "csv")]:
        url = reverse("commitments:pledge-evidence", args=[pledge.slug, kind, fmt])
        assert client.get(url).status_code == 404


def test_it_shows_the_seed_pledges_with_their_reported_status(client) -> None:
    load_seed()
    url = reverse("commitments:pledge-detail", args=["oda-for-women-3bn-2016-2018"])
    page = client.get(url).content.decode()
    assert "Fully implemented" in page
    assert "matches no activity" in page
    assert "cannot be verified: no data for" in page
    page = client.get(reverse("commitments:pledge-detail", args=["we-fi-50m-2017"])).content
    assert b"no period" in page


@pytest.mark.parametrize("name", ["framework-detail", "framework-report"])
def test_it_shows_a_framework_with_pillars_and_pledge_progress(client, name) -> None:
    load_seed()
    page = client.get(reverse(f"commitments:{name}", args=["gender-strategy-2016"])).content
    assert b"Over US$3 billion" in page
    assert b"cannot be verified: no data for" in page


@pytest.mark.parametrize("name", ["event-detail", "event-report"])
def test_it_shows_an_event_with_its_pledges_progress(client, name) -> None:
    load_seed()
    page = client.get(reverse(f"commitments:{name}", args=["g7-ise-shima-2016"])).content
    assert b"Female administrative officers trained" in page
    assert b"Being steadily implemented" in page


def test_it_prints_the_report_with_a_print_stylesheet(client) -> None:
    load_seed()
    page = client.get(reverse("commitments:framework-report", args=["gender-strategy-2016"]))
    assert b"commitments/progress.css" in page.content


@pytest.mark.parametrize(
    ("name", "subject", "expected"),
    [
        ("event-report-pdf", "g7-ise-shima-2016", "Female administrative officers trained"),
        ("framework-report-pdf", "gender-strategy-2016", "How the status is decided"),
    ],
)
def test_it_makes_the_report_a_pdf_offline(client, name, subject, expected) -> None:
    from pypdf import PdfReader

    load_seed()
    response = client.get(reverse(f"commitments:{name}", args=[subject]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{subject}-progress-')
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert expected in " ".join(text.split())
    assert "Log out" not in text and "Skip to content" not in text  # the print stylesheet


def test_a_pdf_report_reads_only_paritys_own_static_files() -> None:
    from parity.commitments.pdf import static_file

    assert static_file("http://parity.invalid/static/parity/parity.css").name == "parity.css"
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://parity.invalid/static/../../settings.py",
        "http://parity.invalid/static/no-such-file.css",
    ]:
        with pytest.raises(ValueError, match="only Parity's own static files"):
            static_file(url)


@pytest.mark.django_db
def test_a_frameworks_month_reads_as_the_language_writes_it(client) -> None:
    load_seed()
    japanese = client.get("/frameworks/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "2017年12月" in japanese and "12月 2017" not in japanese
    english = client.get("/frameworks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "December 2017" in english


@pytest.mark.django_db
def test_an_events_span_of_days_reads_in_the_language(client) -> None:
    from datetime import date

    from parity.commitments.models import Event

    load_seed()
    event = Event.objects.get(slug="waw-2017")
    event.start_date, event.end_date, event.date_precision = (
        date(2017, 11, 1),
        date(2017, 11, 3),
        "day",
    )
    event.save()
    japanese = client.get(f"/events/{event.slug}/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "2017-11-01〜2017-11-03" in japanese and "2017-11-01 to" not in japanese
