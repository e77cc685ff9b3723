"""Accessibility: axe-core finds no serious or critical violation on any kind of page, in
English, Japanese and Thai, for a visitor, a reviewer and a protection member; every
form control has a label, and the main navigation works from the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, browser_db, log_in, log_in_member

pytestmark = browser_db


LANGUAGES = ("en", "ja", "th")


def review_url(editor) -> str:
    from parity.activities.models import Activity
    from parity.mainstreaming import services

    activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier").first()
    review = services.review_start(activity, "formulation", editor)
    return f"/mainstreaming/reviews/{review.pk}/"


def public_pages() -> dict[str, str]:
    """One page of each kind anyone may read (the API documentation has a test of its own)."""
    from parity.activities.models import Activity
    from parity.commitments.models import Event, Framework

    activities = Activity.objects.order_by("iati_identifier")
    framework = Framework.objects.order_by("slug").first()
    event = Event.objects.order_by("slug").first()
    return {
        "login": "/accounts/login/",
        "home": "/",
        "activities": "/activities/",
        "activity": f"/activities/{activities.filter(is_sample=False)[0].iati_identifier}/",
        "sample activity": f"/activities/{activities.filter(is_sample=True)[0].iati_identifier}/",
        "dashboard": "/dashboard/",
        "pledges": "/pledges/",
        "pledge": "/pledges/oda-for-women-3bn-2016-2018/",
        "frameworks": "/frameworks/",
        "framework": f"/frameworks/{framework.slug}/",
        "events": "/events/",
        "event": f"/events/{event.slug}/",
        "imports": "/imports/",
    }


def reviewer_pages(editor) -> dict[str, str]:
    """The pages a signed-in reviewer sees besides (or differently from) the public ones."""
    from parity.activities.models import Activity

    sample = Activity.objects.filter(is_sample=True).order_by("iati_identifier")[0]
    return {
        "home": "/",
        "sample activity": f"/activities/{sample.iati_identifier}/",
        "pledge": "/pledges/oda-for-women-3bn-2016-2018/",
        "portfolio": "/mainstreaming/portfolio/",
        "review": review_url(editor),
        "activity reviews": f"/mainstreaming/activities/{sample.iati_identifier}/",
        "upload": "/imports/upload/",
    }


def member_pages(case: str) -> dict[str, str]:
    """The protection module as a hotline supervisor sees it: every page of the agency."""
    return {
        "protection": "/protection/",
        "contacts": "/protection/contacts/",
        "new contact": "/protection/contacts/new/",
        "new case": "/protection/cases/new/",
        "case": f"/protection/cases/{case}/",
        "case audit": f"/protection/cases/{case}/audit/",
        "re-authentication": "/protection/reauth/",
        "statistics": "/protection/statistics/",
        "enrolment codes": "/protection/enrolment/",
    }


def test_it_finds_no_serious_violations_on_any_page_in_any_language(
    page: Any, live_server, demo, editor, reviewer, protection
) -> None:
    """Every kind of page, for a visitor, a reviewer and a protection member, in English,
    Japanese and Thai (text length, scripts and the lang attribute change with the language);
    and no table is cut at the window's edge."""
    visits = {"anonymous": public_pages(), "reviewer": reviewer_pages(editor)}
    visits["member"] = member_pages(protection["case"])
    found = []
    for role, pages in visits.items():
        page.context.clear_cookies()
        if role == "reviewer":
            log_in(page, reviewer)
        elif role == "member":
            log_in_member(page, protection["users"]["malee"])
        for language in LANGUAGES:
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            for name, url in pages.items():
                response = page.goto(url)
                assert response.status == 200, f"{role} {language} {name} {url}"
                assert page.locator("html").get_attribute("lang") == language, url
                found += [f"{role} {language} {name}: {line}" for line in axe_violations(page)]
                found += [f"{role} {language} {name}: {wide}" for wide in too_wide(page)]
    assert not found, "axe-core found:\n" + "\n".join(found)


def test_the_api_documentation_passes_too_with_its_operations_open(
    page: Any, live_server, demo
) -> None:
    """Swagger UI in Parity's own page (api/docs.html): a language, a main landmark, colours
    that meet AA, no link nested in a button, its choice lists named, also once opened."""
    found = []
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        assert page.goto("/api/docs").status == 200
        assert page.locator("html").get_attribute("lang") == language
        page.locator(".opblock-summary-control").first.wait_for()
        found += [f"{language} closed: {line}" for line in axe_violations(page)]
        for control in page.locator(".opblock-summary-control").all()[:3]:
            control.click()
        page.locator("tr[data-param-name] select").first.wait_for()
        page.locator("tr[data-param-name] select[aria-label]").first.wait_for()
        found += [f"{language} open: {line}" for line in axe_violations(page)]
    assert not found, "axe-core found:\n" + "\n".join(found)


def too_wide(page: Any) -> list[str]:
    """Tables that do not fit a 1280-pixel window, whose last columns a reader would have to
    scroll to (the phone may scroll; a desktop should not)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.table-wrap')]
            .filter(w => w.scrollWidth > w.clientWidth + 1)
            .map(w => `table wider than the page (${w.scrollWidth} > ${w.clientWidth} px): `
                      + (w.querySelector('caption, th') || w).innerText.slice(0, 60))"""
    )


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
