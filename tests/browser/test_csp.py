"""The Content-Security-Policy holds in a real browser: every main page, its charts drawn,
runs with no violation reported in the console, and an inline script injected into a page
does not run."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import browser_db
from tests.browser.test_accessibility import public_pages, reviewer_pages

pytestmark = browser_db


def watch_console(page: Any) -> list[str]:
    found: list[str] = []

    def heard(message: Any) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", heard)
    return found


def test_no_main_page_breaks_the_policy(page: Any, login, demo, editor) -> None:
    violations = watch_console(page)
    visited, drawn = [], 0
    for url in ["/api/docs"]:
        page.goto(url)
        visited.append(url)
    login(editor)
    pages = {**public_pages(), **reviewer_pages(editor)}
    for name, url in pages.items():
        page.goto(url)
        # plotly draws the charts after the load; a pledge with nothing reached yet has a
        # sentence in place of its chart.
        if name == "dashboard" or (name == "pledge" and page.locator("[data-chart]").count()):
            page.locator("[data-chart] .main-svg").first.wait_for()
            drawn += 1
        page.wait_for_load_state("networkidle")
        visited.append(url)
    assert drawn >= 1  # plotly ran under the policy
    assert not violations, "\n".join(violations)
    assert len(visited) == 1 + len(pages)


def test_an_injected_inline_script_does_not_run(page: Any) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.body.append(s); }"""
    )
    assert page.evaluate("() => window.injected === true") is False
