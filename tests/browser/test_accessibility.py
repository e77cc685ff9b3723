"""Accessibility: axe-core finds no serious or critical violation on the main pages, every
form control has a label, and the main navigation works from the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, browser_db

pytestmark = browser_db


def review_url(editor) -> str:
    from parity.activities.models import Activity
    from parity.mainstreaming import services

    activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier").first()
    review = services.review_start(activity, "formulation", editor)
    return f"/mainstreaming/reviews/{review.pk}/"


def main_pages(editor) -> dict[str, str]:
    from parity.activities.models import Activity

    activity = Activity.objects.filter(is_sample=False).order_by("iati_identifier").first()
    return {
        "home": "/",
        "activities": "/activities/",
        "activity": f"/activities/{activity.iati_identifier}/",
        "dashboard": "/dashboard/",
        "pledge": "/pledges/oda-for-women-3bn-2016-2018/",
        "review": review_url(editor),
        "imports": "/imports/",
    }


def test_it_finds_no_serious_violations_on_the_main_pages(page: Any, login, demo, editor):
    page.goto("/accounts/login/")
    found = {"login": axe_violations(page)}
    login(editor)
    for name, url in main_pages(editor).items():
        page.goto(url)
        found[name] = axe_violations(page)
    problems = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_it_labels_every_form_control(page: Any, demo) -> None:
    unlabelled = {}
    for path in ["/", "/dashboard/", "/activities/", "/imports/", "/accounts/login/"]:
        page.goto(path)
        unlabelled[path] = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length)
                        && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                .map(e => e.outerHTML.slice(0, 80))"""
        )
    assert {path: found for path, found in unlabelled.items() if found} == {}


def test_it_reaches_the_content_and_the_navigation_from_the_keyboard(page: Any, demo) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))  # waits: the jump is not instant
    page.goto("/")
    for _ in range(3):  # skip link, brand, then the first entry of the navigation
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Activities")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_it_describes_each_chart_in_text(page: Any, demo) -> None:
    page.goto("/dashboard/")
    charts = page.locator("[data-chart]")
    assert charts.count() > 0
    for chart in charts.all():
        # A figure, not an image: plotly's toolbar inside stays reachable (axe: nested-interactive).
        assert chart.get_attribute("role") == "figure"
        assert len(chart.get_attribute("aria-label") or "") > 20
        caption = chart.locator("xpath=ancestor::figure[1]/figcaption")
        assert caption.inner_text().strip()
