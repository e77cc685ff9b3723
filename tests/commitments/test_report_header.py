"""A progress report names whose pledges it reports and the date of its data, and its PDF
pages are numbered."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from parity.activities.models import Activity
from parity.commitments.models import Framework
from parity.commitments.seed import load_seed

pytestmark = pytest.mark.django_db


def test_the_report_names_the_organisation_and_the_date_of_the_data(client) -> None:
    load_seed()
    page = client.get(reverse("commitments:framework-report", args=["gender-strategy-2016"]))
    latest = max(a.updated_at for a in Activity.objects.all()).date().isoformat()
    header = page.content.decode().split('<p class="report-header">')[1].split("</p>")[0]
    assert f"data as of {latest}" in header
    owner = Framework.objects.get(slug="gender-strategy-2016").owner
    assert owner and header.startswith(owner.replace("'", "&#x27;"))


def test_every_pdf_page_is_numbered_and_carries_the_header(client) -> None:
    from pypdf import PdfReader

    load_seed()
    response = client.get(reverse("commitments:event-report-pdf", args=["g7-ise-shima-2016"]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"{number} / {len(pages)}" in text
        assert "data as of" in text
