"""In a real browser (Debian's Chromium through Playwright) against a live server: a counsellor
logs a contact and opens a case; a case worker records consent and refers it across the border;
the Lao agency accepts and sees only the shared sections; a supervisor reads the audit trail.
Everyone logs in with a password and a TOTP code, as in production."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth.models import User

from parity.protection import factor, services
from parity.protection.models import Agency, Membership, Team

from .conftest import NAME, make_agencies

PASSWORD = "a long test-only passphrase 7"


@pytest.fixture
def people(transactional_db):
    agencies = make_agencies()
    secrets = {}
    for name, agency, role in [
        ("counsellor", "hotline", "counsellor"),
        ("case_worker", "hotline", "case_worker"),
        ("supervisor", "hotline", "supervisor"),
        ("lao_receiver", "lao_welfare", "case_worker"),
    ]:
        user = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, agency=agencies[agency], role=role)
        _record, secret = factor.start_setup(user)  # confirmed by the first code
        secrets[name] = secret
    team = Team.objects.create(name="Chiang Rai - Bokeo MDT")
    team.members.set(Membership.objects.filter(user__username__in=["case_worker", "lao_receiver"]))
    return agencies, secrets, team


def log_in(browser, live_server, name: str, secret: str):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/protection/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url("**/protection/2fa/**")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Verify')")
    page.wait_for_url(f"{live_server.url}/protection/")
    return page


def test_a_counsellor_logs_a_contact_and_opens_a_case(browser, live_server, people):
    _agencies, secrets, _team = people
    page = log_in(browser, live_server, "counsellor", secrets["counsellor"])
    page.click("main >> text=Log a contact")
    page.select_option("#id_channel", "phone")
    page.select_option("#id_caller", "survivor")
    page.select_option("#id_topic", "labour")
    page.select_option("#id_risk", "high")
    page.select_option("#id_action", "case_opened")
    page.check("input[name=open_case]")
    page.click("button:has-text('Save contact')")
    page.wait_for_url("**/protection/cases/new/**")
    page.fill("#id_given_name", NAME)
    page.select_option("#id_sex", "female")
    page.select_option("#id_age_band", "18-20")
    page.fill("#id_nationality", "LA")
    page.click("button:has-text('Open the case')")
    page.wait_for_selector("text=opened.")
    assert page.locator("h1").inner_text().startswith("Case PT-")
    assert NAME not in page.content()  # identity stays hidden until revealed


def test_a_cross_border_referral_with_consent_from_end_to_end(browser, live_server, people):
    agencies, secrets, team = people
    from parity.protection.audit import Actor

    worker = User.objects.get(username="case_worker")
    actor = Actor(worker, Membership.objects.get(user=worker))
    case = services.case_open(
        actor, exploitation="labour", sex="female", identity={"given_name": NAME}, team=team
    )
    lao = Agency.objects.get(pk=agencies["lao_welfare"].pk)

    page = log_in(browser, live_server, "case_worker", secrets["case_worker"])
    page.goto(f"{live_server.url}/protection/cases/{case.number}/")
    for purpose, agency in (("referral", str(lao.pk)), ("cross_border", "")):
        page.click("#consents summary")
        page.select_option("#consent-form select[name=purpose]", purpose)
        page.select_option("#consent-form select[name=agency]", agency)
        page.select_option("#consent-form select[name=given]", "1")
        for item in page.locator("#consent-form input[name=explained]").all():
            item.check()
        page.click("#consent-form button")
        page.wait_for_selector("text=Saved.")
    page.click("#referrals summary")
    page.select_option("#referral-form select[name=to_agency]", str(lao.pk))
    page.check("#referral-form input[value=profile]")
    page.check("#referral-form input[value=services]")
    page.click("#referral-form button")
    page.wait_for_selector("#referrals >> text=Pending")
    assert "cross-border" in page.locator("#referrals").inner_text()

    page = log_in(browser, live_server, "lao_receiver", secrets["lao_receiver"])
    assert case.number in page.content()
    page.click("button:has-text('Accept')")
    page.wait_for_selector("text=Referral accepted.")
    assert page.locator("#identity").inner_text().endswith("Not shared with you.")
    assert "Female" in page.locator("#profile").inner_text()
    assert "Reveal" not in page.content() and NAME not in page.content()

    page = log_in(browser, live_server, "supervisor", secrets["supervisor"])
    page.goto(f"{live_server.url}/protection/cases/{case.number}/")
    page.click("text=Audit trail")
    trail = page.locator("table").inner_text()
    # Actions in words, each with its stored code as the tooltip.
    for action, words in (
        ("case.open", "Case opened"),
        ("case.consent", "Consent recorded"),
        ("referral.send", "Referral sent"),
        ("referral.accept", "Referral accepted"),
        ("case.read", "Case read"),
    ):
        assert words in trail
        assert page.locator(f"table span[title='{action}']").first.inner_text() == words
    assert "lao_receiver" in trail and NAME not in page.content()
