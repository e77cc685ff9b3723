"""The activity list in Japanese at 1280 pixels: the country column at least seven characters
wide (a Japanese name may break between any two characters, so a squeezed column stacked them)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import browser_db

pytestmark = browser_db


def test_the_country_column_keeps_a_readable_width_in_japanese(
    page: Any, live_server: Any, demo
) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto("/activities/")
    assert page.locator("html").get_attribute("lang") == "ja"
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table.activity-list td.country')].map(td => {
            const size = parseFloat(getComputedStyle(td).fontSize);
            return {text: td.innerText, em: td.getBoundingClientRect().width / size};
        })"""
    )
    assert cells
    narrow = [cell for cell in cells if cell["em"] < 6.9]
    assert not narrow, narrow
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1")
