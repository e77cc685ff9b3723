"""The pledge list at 1280 pixels: a pledge's period of years stays on one line (the narrow
column broke the years apart at their dash, and Thai words between any two syllables)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import browser_db

pytestmark = browser_db


@pytest.fixture
def seed(transactional_db: None) -> None:
    from parity.commitments.seed import load_seed

    load_seed()


@pytest.mark.parametrize("language", ["th", "ja", "en"])
def test_a_pledge_period_stays_on_one_line(
    page: Any, live_server: Any, seed: None, language: str
) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/pledges/")
    assert page.locator("html").get_attribute("lang") == language
    # The period is the fourth column; each cell's text counts its lines by the tops of its boxes.
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table tbody tr td:nth-child(4)')].map(td => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return {text: td.innerText, lines: tops.size};
        })"""
    )
    assert any("2016" in cell["text"] for cell in cells), cells
    broken = [cell for cell in cells if cell["lines"] != 1]
    assert not broken, broken
