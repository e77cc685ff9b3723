"""Suggestions where people work: the activity page, the portfolio and the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parity import roles
from parity.api.models import ApiToken
from parity.mainstreaming.flags import flags_refresh
from parity.mainstreaming.suggestion_models import MarkerSuggestion, SuggestionDecision
from tests.suggest.conftest import trained, user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_folder")]
# Plain Django login: these tests are about suggestions, not about login backends.
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _plain_login(settings):
    settings.AUTHENTICATION_BACKENDS = [BACKEND]


@pytest.fixture
def scored(screened, unscreened):
    flags_refresh()  # the portfolio's rows
    trained()
    return unscreened


def logged_in(role: str) -> Client:
    client = Client()
    client.force_login(user(f"someone-{role}", role), backend=BACKEND)
    return client


def activity_page(client: Client, identifier: str) -> str:
    response = client.get(reverse("mainstreaming:activity", args=[identifier]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_activity_page_shows_the_suggestion_its_reasons_and_the_models_limits(scored):
    page = activity_page(logged_in(roles.VIEWER), "XM-U-1")
    stored = MarkerSuggestion.objects.get(activity__iati_identifier="XM-U-1")
    assert f"{round(stored.probability * 100)}% likely gender equality focused" in page
    assert stored.reasons[0][0] in page
    assert "trained on 400 labelled activities" in page
    assert "macro-F1 (0/1/2)" in page
    # the chance of focus and the suggested marker answer different questions: the page says so
    assert f"suggested marker {stored.score}" in page
    assert "The percentage is the chance of marker 1 or 2 together." in page
    assert "only its documents settle" in page
    assert "Accept the suggestion" not in page  # a viewer does not decide


def test_an_activity_without_text_says_why_it_has_no_suggestion(scored):
    page = activity_page(logged_in(roles.VIEWER), "XM-U-3")
    assert "No suggestion: no title or description to read." in page


def test_a_reviewer_accepts_on_the_page_and_the_marker_stays_unset(scored):
    client = logged_in(roles.REVIEWER)
    first = scored[0]
    assert "Accept the suggestion" in activity_page(client, "XM-U-1")
    url = reverse("mainstreaming:suggestion-decide", args=[first.pk])
    response = client.post(url, {"decision": "accept", "comment": "Read the design document"})
    assert response.status_code == 302
    decision = SuggestionDecision.objects.get()
    assert (decision.decision, decision.comment) == ("accepted", "Read the design document")
    first.refresh_from_db()
    assert first.gender_marker is None
    assert "Accepted" in activity_page(client, "XM-U-1")


def test_an_editor_cannot_decide_through_the_form(scored):
    url = reverse("mainstreaming:suggestion-decide", args=[scored[0].pk])
    assert logged_in(roles.EDITOR).post(url, {"decision": "accept"}).status_code == 403
    assert not SuggestionDecision.objects.exists()


def test_the_portfolio_filters_and_ranks_by_suggestion(scored):
    # Stored scores set here: the test is about the list, not the model.
    MarkerSuggestion.objects.filter(activity=scored[0]).update(probability=0.91)
    MarkerSuggestion.objects.filter(activity=scored[1]).update(probability=0.62)
    client = logged_in(roles.VIEWER)
    url = reverse("mainstreaming:portfolio")
    page = client.get(url, {"suggested": "likely", "sort": "-suggested"}).content.decode()
    assert page.index("XM-U-1") < page.index("XM-U-2")
    assert "91%" in page and "62%" in page
    assert "XM-U-3" not in page and "crs:0" not in page  # no score; screened
    MarkerSuggestion.objects.filter(activity=scored[1]).update(probability=0.3)
    page = client.get(url, {"suggested": "likely"}).content.decode()
    assert "XM-U-1" in page and "XM-U-2" not in page
    everything = client.get(url, {"sort": "-suggested"}).content.decode()
    assert everything.index("XM-U-1") < everything.index("XM-U-2") < everything.index("crs:0")


def test_the_api_lists_suggestions_to_viewers_and_takes_a_reviewers_decision(scored):
    anonymous = Client().get("/api/suggestions")
    assert anonymous.status_code == 401
    viewer = ApiToken.issue(user("vera", roles.VIEWER), "tests")[1]
    listed = Client(HTTP_AUTHORIZATION=f"Bearer {viewer}").get("/api/suggestions").json()
    assert [item["activity"] for item in listed["items"]] == ["XM-U-1", "XM-U-2"]
    assert listed["items"][0]["reasons"][0]["feature"]
    model = Client(HTTP_AUTHORIZATION=f"Bearer {viewer}").get("/api/suggestions/model").json()
    assert model["rows"] == 400 and "only its documents settle" in model["note"]
    reviewer = ApiToken.issue(user("rita", roles.REVIEWER), "tests")[1]
    decided = Client(HTTP_AUTHORIZATION=f"Bearer {reviewer}").post(
        "/api/suggestions/XM-U-2/decision",
        {"accepted": False},
        content_type="application/json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["decision"] == "rejected"
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {viewer}").post(
        "/api/suggestions/XM-U-1/decision", {"accepted": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    unknown = Client(HTTP_AUTHORIZATION=f"Bearer {viewer}").get(
        "/api/suggestions", {"reporting_org": "XM-NOBODY"}
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "reporting_org"
    nul = Client(HTTP_AUTHORIZATION=f"Bearer {reviewer}").post(
        "/api/suggestions/XM-U-1/decision",
        {"accepted": True, "comment": "a\x00b"},
        content_type="application/json",
    )
    assert nul.status_code == 422
    assert SuggestionDecision.objects.count() == 1
