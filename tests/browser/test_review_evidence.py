"""In a browser: the review page shows the answers the evidence rules contradict with a box to
confirm each, the checklist is laid out as cards, and a link-styled button is readable."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.mainstreaming import services
from parity.markers import Stage
from tests.mainstreaming.conftest import complete
from tests.mainstreaming.test_evidence_check import counting_farmers


def test_a_contradicted_answer_is_shown_and_must_be_confirmed(page: Any, login, editor) -> None:
    ActivityLoader().load([counting_farmers()])
    review = services.review_start(
        Activity.objects.get(iati_identifier="XM-TEST-FARMERS"), Stage.FORMULATION, editor
    )
    complete(review, editor, score="1")
    login(editor)
    page.goto(f"/mainstreaming/reviews/{review.pk}/")
    warning = page.locator("#contradictions")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Number of farmers trained")
    card = page.locator("fieldset.criterion").first
    assert card.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages .error")).to_contain_text("check the evidence")
    for box in page.locator("input[name=confirmed]").all():
        box.check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted")
    # A link-styled button (the review pages' "Remove") is not white on a white page.
    color = page.evaluate(
        "() => { const b = document.createElement('button'); b.className = 'link';"
        " document.querySelector('main').appendChild(b);"
        " return getComputedStyle(b).color; }"
    )
    assert color not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
