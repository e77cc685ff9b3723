"""Setting up and being refused: the authenticator's key as a QR code drawn by Parity, and a
refusal that says who can grant access, in the site's layout."""

from __future__ import annotations

import re

import pytest
import segno
from django.test import Client

from parity.protection import factor

from .conftest import login
from .test_enrolment import issue

pytestmark = pytest.mark.django_db


def test_the_key_for_the_authenticator_is_a_qr_code_drawn_inline(client, world):
    code = issue(client, world, "counsellor")
    client.logout()
    member = world.users["counsellor"]
    client.force_login(member)
    page = client.post("/protection/2fa/", {"enrolment_code": code}).content.decode()
    secret = re.search(r'<code id="totp-secret">([^<]+)</code>', page).group(1)
    drawn = re.search(r'<figure class="qr" id="totp-qr">(<svg.*?</svg>)</figure>', page, re.S)
    assert drawn, "no inline QR code"
    # The drawing is the QR code of this member's provisioning address, key included.
    expected = segno.make(factor.provisioning_uri(member, secret), error="m")
    path = re.search(r'<path[^>]*class="qrline"[^>]*d="([^"]+)"', drawn.group(1)).group(1)
    assert path in expected.svg_inline(scale=5, light="#fff")
    assert "style=" not in drawn.group(1) and "http" not in drawn.group(1).replace(
        "http://www.w3.org", ""
    )


def test_a_role_without_access_sees_who_can_grant_it_not_a_bare_403(world):
    client = Client()
    login(client, world.users["case_worker"], reauth=True)
    response = client.get("/protection/enrolment/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "supervisor of your agency" in page
    assert '<header class="site"' in page or "<header" in page  # the site's layout


def test_a_reviewer_page_refusal_names_the_administrator(db):
    from parity.activities.loader import ActivityLoader
    from parity.activities.models import Activity
    from tests.mainstreaming.conftest import make_user, small_activity

    ActivityLoader().load([small_activity()])
    client = Client()
    client.force_login(make_user("vera", "viewer"))
    response = client.post(
        f"/mainstreaming/activity/{Activity.objects.get().pk}/start/", {"stage": "planning"}
    )
    assert response.status_code == 403
    assert "administrator of this Parity site" in response.content.decode()


def test_exploitation_type_and_topic_start_empty_and_are_required(client, world):
    from parity.protection.models import Case

    login(client, world.users["counsellor"])
    for url, field in [
        ("/protection/contacts/new/", "topic"),
        ("/protection/cases/new/", "exploitation"),
    ]:
        page = client.get(url).content.decode()
        select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert re.search(r'<option value="" selected>', select), field
    cases = Case.objects.count()
    refused = client.post("/protection/cases/new/", {"sex": "female", "age_band": "18-20"})
    assert refused.status_code == 400 and "exploitation" in refused.content.decode()
    assert Case.objects.count() == cases


def test_closing_a_case_asks_for_the_outcome_and_a_confirmation(client, world):
    number = world.case.number
    login(client, world.users["case_worker"])
    page = client.get(f"/protection/cases/{number}/").content.decode()
    assert 'name="confirm"' in page and "Outcome" in page
    unconfirmed = client.post(f"/protection/cases/{number}/close/", {"reason": "reintegrated"})
    assert unconfirmed.status_code == 400
    world.case.refresh_from_db()
    assert world.case.status == "open"
    done = client.post(
        f"/protection/cases/{number}/close/", {"reason": "reintegrated", "confirm": "on"}
    )
    assert done.status_code == 302
    world.case.refresh_from_db()
    assert world.case.status == "closed"


def test_a_refused_referral_keeps_what_was_typed(client, world):
    from parity.protection.models import Referral

    login(client, world.users["case_worker"])
    police = world.agencies["police"]
    before = Referral.objects.count()
    response = client.post(
        f"/protection/cases/{world.case.number}/referrals/",
        {"to_agency": police.pk, "sections": ["profile", "services"]},
    )
    page = response.content.decode()
    assert response.status_code == 400  # no consent for the police
    assert Referral.objects.count() == before
    assert "consent" in page.lower()
    assert re.search(r'value="services"[^>]*checked', page)
    assert re.search(rf'<option value="{police.pk}" selected>', page)
    assert re.search(r"<details open>\s*<summary>", page) or "<details open>" in page


def test_the_statistics_page_opens_on_the_latest_year_in_words_with_a_chart(client, world):
    import json

    from parity.protection import services
    from parity.protection.models import Case

    worker = world.actor("case_worker")
    for n in range(24):
        sex = "female" if n % 2 else "male"
        services.case_open(worker, exploitation="labour", sex=sex, age_band="18-20")
    services.case_open(worker, exploitation="labour", sex="unknown", age_band="18-20")
    latest = Case.objects.latest("opened_at").opened_at.year
    login(client, world.users["supervisor"])
    page = client.get("/protection/statistics/").content.decode()
    assert f'name="year" inputmode="numeric" size="5" value="{latest}"' in page
    assert '<option value="cases" selected>Cases opened</option>' in page
    assert "<th>Sex</th>" in page and "<td>Female</td>" in page
    everything = client.get("/protection/statistics/?measure=cases&by=sex&year=").content.decode()
    assert "all years" in everything
    assert "/protection/statistics.js" in page
    chart = re.search(r'<script id="stat-chart" type="application/json">(.*?)</script>', page)
    drawn = json.loads(chart.group(1))["data"][0]
    rows = re.findall(r'<tr id="cases-sex-\w+"><td>([^<]+)</td><td class="num">([^<]+)</td>', page)
    released = [(word, int(value)) for word, value in rows if value.strip().isdigit()]
    assert len(released) < len(rows)  # the one case of unknown sex is suppressed...
    assert list(zip(drawn["x"], drawn["y"], strict=True)) == released  # ...and not drawn


def test_consent_items_are_shown_in_words(client, world):
    login(client, world.users["case_worker"])
    page = client.get(f"/protection/cases/{world.case.number}/").content.decode()
    assert "The right to withdraw at any time" in page
    assert "right_to_withdraw" not in page.split('id="consents"')[1].split("</table>")[0]


@pytest.mark.parametrize(
    ("persona", "page", "shown"),
    [
        ("supervisor", "/protection/", ["Cases", "Log a contact", "Contacts", "Statistics"]),
        ("counsellor", "/protection/", ["Cases", "Log a contact", "Contacts"]),
        ("owner_mdt", "/protection/", ["Cases"]),
        ("statistics", "/protection/statistics/", ["Statistics"]),
    ],
)
def test_the_module_menu_offers_only_the_pages_the_role_may_open(
    client, world, persona, page, shown
):
    import re

    login(client, world.users[persona])
    answer = client.get(page)
    assert answer.status_code == 200
    menu = re.search(r'<nav class="protection-nav".*?</nav>', answer.content.decode(), re.S)
    assert menu is not None
    labels = re.findall(r'<a href="([^"]+)">([^<]+)</a>', menu.group(0))
    assert [label for _, label in labels] == shown
    for url, _ in labels:  # every entry opens for this role
        assert client.get(url).status_code == 200, url
