"""Reviews through the API: the whole workflow, stale versions, and refusals as JSON."""

from __future__ import annotations

from parity.markers import checklist, load_scheme
from tests.api.conftest import client_as


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_a_review_goes_from_draft_to_approved(users, tokens, activity):
    editor, reviewer = client_as(tokens, "editor"), client_as(tokens, "reviewer")
    review = post(editor, "/api/reviews", {"activity": "XM-TEST-1", "stage": "formulation"}).json()
    assert review["status"] == "draft"
    criteria = [c.id for c in checklist(load_scheme(review["scheme"]), "formulation")]
    answers = {cid: {"answer": "met", "text": f"evidence {cid}"} for cid in criteria}
    saved = editor.put(
        f"/api/reviews/{review['id']}/answers",
        {
            "version": review["version"],
            "answers": answers,
            "proposed_score": "1",
            "justification": "Savings groups target women traders.",
        },
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    saved = saved.json()
    assert len(saved["answers"]) == len(criteria)
    submitted = post(editor, f"/api/reviews/{review['id']}/submit", {"version": saved["version"]})
    assert submitted.json()["status"] == "submitted"
    approved = post(reviewer, f"/api/reviews/{review['id']}/approve", {"comment": "Good"})
    assert approved.json()["status"] == "approved"
    assert [e["action"] for e in approved.json()["events"]] == [
        "create",
        "save",
        "submit",
        "approve",
    ]
    listed = client_as(tokens, "viewer").get("/api/reviews?status=approved").json()
    assert [r["id"] for r in listed["items"]] == [review["id"]]


def test_a_stale_version_is_a_409_naming_it(users, tokens, activity):
    editor = client_as(tokens, "editor")
    review = post(editor, "/api/reviews", {"activity": "XM-TEST-1", "stage": "planning"}).json()
    response = editor.put(
        f"/api/reviews/{review['id']}/answers",
        {"version": review["version"] + 5, "answers": {}},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["field"] == "version"


def test_submitting_an_unfinished_review_is_refused(users, tokens, activity):
    editor = client_as(tokens, "editor")
    review = post(editor, "/api/reviews", {"activity": "XM-TEST-1", "stage": "planning"}).json()
    response = post(editor, f"/api/reviews/{review['id']}/submit")
    assert response.status_code == 409
    assert "not ready" in response.json()["message"]


def test_bad_bodies_are_422_naming_the_field(users, tokens, activity):
    editor = client_as(tokens, "editor")
    response = post(editor, "/api/reviews", {"activity": "XM-TEST-1", "stage": "someday"})
    assert response.status_code == 422
    assert response.json()["field"] == "stage"
    response = post(editor, "/api/reviews", {"activity": "NOPE", "stage": "planning"})
    assert response.status_code == 422
    assert response.json()["field"] == "activity"
    review = post(editor, "/api/reviews", {"activity": "XM-TEST-1", "stage": "planning"}).json()
    response = editor.put(
        f"/api/reviews/{review['id']}/answers",
        {"version": 1, "answers": {"c1": {"answer": "perhaps"}}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "answers.c1.answer"
    response = editor.post("/api/reviews", "{not json", content_type="application/json")
    assert response.status_code in {400, 422}
    assert response.json()["message"]


def test_an_unknown_review_is_a_404(tokens, db):
    response = client_as(tokens, "viewer").get("/api/reviews/999999")
    assert response.status_code == 404
    assert response.json()["message"] == "No review 999999."
