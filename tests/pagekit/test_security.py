"""Every answer carries a Content-Security-Policy without inline script or style, no template
holds an inline script or style that the policy would block, and TRACE is refused."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client

from parity.pagekit.plotly import EMPTY_STYLE_HASH

SRC = Path(__file__).resolve().parents[2] / "src" / "parity"
PAGES = ["/", "/activities/", "/pledges/", "/dashboard/", "/imports/", "/accounts/login/"]
TRACED = ["/", "/activities/", "/api/activities", "/static/parity/parity.css"]
ANSWERS = [*PAGES, "/api/activities", "/api/docs", "/no-such-page/", "/assets/plotly.min.js"]


def policy(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ANSWERS)
def test_every_answer_forbids_inline_script_and_style(client: Client, url: str) -> None:
    found = policy(client.get(url)["Content-Security-Policy"])
    assert found["script-src"] == ["'self'"]
    assert found["style-src"] == ["'self'", EMPTY_STYLE_HASH]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert not any("'unsafe-" in word for words in found.values() for word in words)


def test_the_one_inline_style_allowed_is_the_empty_one() -> None:
    digest = base64.b64encode(hashlib.sha256(b"").digest()).decode()
    assert f"'sha256-{digest}'" == EMPTY_STYLE_HASH


def templates() -> list[Path]:
    return sorted(SRC.rglob("templates/**/*.html"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_holds_an_inline_script_or_style(path: Path) -> None:
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script to a static file"
    assert not INLINE_STYLE.search(text), "move the style (or handler) to a static file"


# A link to a value: `href` is bound by `{% with href=value|safe_url %}`; `case_base` is made
# by reverse() in the protection view. Anything else from the data must go through safe_url.
LINKED_VALUES = {"href", "case_base"}


def test_every_address_from_the_data_goes_through_safe_url() -> None:
    found = {
        f"{path.relative_to(SRC)}: {name}"
        for path in templates()
        for name in re.findall(r'href="\{\{\s*([\w.]+)', path.read_text())
        if name not in LINKED_VALUES
    }
    assert found == set()
    assert any("|safe_url" in path.read_text() for path in templates())


@pytest.mark.django_db
@pytest.mark.parametrize("url", TRACED)
def test_trace_is_refused(client: Client, url: str) -> None:
    response = client.generic("TRACE", url, HTTP_COOKIE="sessionid=secret")
    assert response.status_code == 405
    assert b"secret" not in response.content
    assert "TRACE" not in response["Allow"]
