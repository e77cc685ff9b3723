"""No script from a file: an address in imported data becomes a link only when it is http(s)
or mailto, on every page and in the API (issue 12, finding 5)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.iati.reader import read_activities
from parity.pagekit.links import link_url

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " \tjava\nscript:alert(1)",  # browsers drop the tab and line break, then run it
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "/admin/",  # relative: would point into Parity
    "https:no-host",
    "http://[::1",  # not parseable
]
SAFE = [
    ("https://example.org/report.pdf", "https://example.org/report.pdf"),
    ("HTTP://example.org/a?b=1#c", "HTTP://example.org/a?b=1#c"),
    ("  https://example.org/x\n", "https://example.org/x"),
    ("mailto:info@example.org", "mailto:info@example.org"),
]


@pytest.mark.parametrize("url", HOSTILE)
def test_it_refuses_anything_but_web_and_mail_addresses(url: str) -> None:
    assert link_url(url) is None


@pytest.mark.parametrize(("url", "expected"), SAFE)
def test_it_keeps_web_and_mail_addresses(url: str, expected: str) -> None:
    assert link_url(url) == expected


def activity_file(urls: list[str]) -> bytes:
    links = "".join(
        f'<document-link url="{escape(url)}" format="text/html"><title><narrative>Doc {n}'
        f'</narrative></title><category code="A01"/></document-link>'
        for n, url in enumerate(urls)
    )
    return (
        '<iati-activities version="2.03"><iati-activity default-currency="USD">'
        "<iati-identifier>XM-HOSTILE-1</iati-identifier>"
        '<reporting-org ref="XM-HOSTILE" type="10"><narrative>Hostile</narrative></reporting-org>'
        "<title><narrative>Links from a file</narrative></title>"
        '<activity-status code="2"/>'
        f"{links}</iati-activity></iati-activities>"
    ).encode()


def escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\x01", "")  # not allowed in XML 1.0 at all
    )


@pytest.fixture
def imported(db) -> list[str]:
    urls = [*HOSTILE[:6], SAFE[0][0]]
    activities = list(read_activities(io.BytesIO(activity_file(urls)), name="hostile.xml"))
    ActivityLoader().load(activities)
    return urls


def test_the_activity_page_shows_a_hostile_address_as_text_never_as_a_link(
    client: Client, imported: list[str]
) -> None:
    page = client.get("/activities/XM-HOSTILE-1/").content.decode()
    hrefs = [part.split('"', 1)[0].strip().lower() for part in page.split('href="')[1:]]
    assert not [h for h in hrefs if "script" in h or h.startswith(("data:", "file:"))]
    assert 'href="https://example.org/report.pdf"' in page
    assert "javascript:alert(document.cookie)" in page  # still shown, as text
    assert "Doc 0" in page and "Doc 6" in page


def test_the_api_keeps_a_hostile_address_but_never_as_a_link(
    client: Client, imported: list[str]
) -> None:
    body = client.get("/api/activities/XM-HOSTILE-1").json()
    links = {link["titles"][0]["text"]: link for link in body["document_links"]}
    assert links["Doc 0"]["url"] is None
    assert links["Doc 0"]["url_as_given"] == "javascript:alert(document.cookie)"
    assert links["Doc 4"]["url"] is None and links["Doc 4"]["url_as_given"].startswith("data:")
    assert links["Doc 6"]["url"] == links["Doc 6"]["url_as_given"] == SAFE[0][0]
