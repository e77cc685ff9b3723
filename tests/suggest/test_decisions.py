"""Suggestions on stored activities: scored, refused, decided on by reviewers, learnt from."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from parity import roles
from parity.activities.models import Activity
from parity.mainstreaming.errors import NotAllowedError
from parity.mainstreaming.suggestion_models import MarkerSuggestion, SuggestionDecision
from parity.mainstreaming.suggestions import (
    DECISIONS_SOURCE,
    SCREENED_SOURCE,
    DecisionError,
    labelled_sources,
    suggestion_decide,
)
from tests.suggest.conftest import store, trained, user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data_folder")]


def test_training_needs_labelled_data() -> None:
    store("XM-U-1", "Housing for women", None)
    with pytest.raises(CommandError, match="no labelled activities to train on"):
        call_command("train_marker_model")


def test_training_never_reads_the_sample(screened) -> None:
    store("XM-SAMPLE-1", "Fictional gender project", 2, sample=True)
    (source,) = [s for s in labelled_sources() if s[0] == SCREENED_SOURCE]
    assert len(source[1]) == len(screened)
    assert "XM-SAMPLE-1" not in {row.subject.key for row in source[1]}


def test_suggest_markers_scores_unscreened_activities_likeliest_first(screened, unscreened):
    header = trained()
    assert header["trained_on"][0]["rows"] == len(screened)
    assert header["scored"] == 3
    out = StringIO()
    call_command("suggest_markers", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    identifiers = [s["iati_identifier"] for s in listed["suggestions"]]
    assert identifiers == ["XM-U-1", "XM-U-2"]
    assert listed["suggestions"][0]["probability"] > listed["suggestions"][1]["probability"]
    assert listed["suggestions"][0]["reasons"]
    assert listed["not_scored"] == [
        {"iati_identifier": "XM-U-3", "reason": "no title or description to read"}
    ]
    assert Activity.objects.get(iati_identifier="XM-U-1").gender_marker is None  # never set


def test_suggest_markers_without_a_model_says_how_to_make_one(unscreened) -> None:
    with pytest.raises(CommandError, match="parity train-marker-model"):
        call_command("suggest_markers")


def test_a_reviewers_decision_is_recorded_and_becomes_training_data(screened, unscreened):
    trained()
    rita = user("rita", roles.REVIEWER)
    first, second, _ = unscreened
    accepted = suggestion_decide(first, rita, accepted=True, comment="Tenure for women")
    rejected = suggestion_decide(second, rita, accepted=False)
    suggestion = MarkerSuggestion.objects.get(activity=first)
    assert (accepted.decision, accepted.label) == ("accepted", suggestion.score)
    assert accepted.probability == suggestion.probability and accepted.by == rita
    assert rejected.label == (0 if rejected.suggested_score > 0 else 1)
    decisions = dict(labelled_sources())[DECISIONS_SOURCE]
    assert {row.subject.key: row.marker for row in decisions} == {
        "XM-U-1": accepted.label,
        "XM-U-2": rejected.label,
    }
    header = trained()
    assert {s["source"]: s["rows"] for s in header["trained_on"]}[DECISIONS_SOURCE] == 2


def test_a_marker_set_later_wins_over_a_decision(screened, unscreened) -> None:
    trained()
    first = unscreened[0]
    suggestion_decide(first, user("rita", roles.REVIEWER), accepted=True)
    Activity.objects.filter(pk=first.pk).update(gender_marker=0)
    assert dict(labelled_sources())[DECISIONS_SOURCE] == []


@pytest.mark.parametrize("role", [roles.VIEWER, roles.EDITOR])
def test_only_reviewers_decide(screened, unscreened, role) -> None:
    trained()
    with pytest.raises(NotAllowedError, match=f"your role is {role}"):
        suggestion_decide(unscreened[0], user("someone", role), accepted=True)
    assert not SuggestionDecision.objects.exists()


def test_no_decision_on_an_activity_without_a_score_or_screened_since(screened, unscreened):
    trained()
    rita = user("rita", roles.REVIEWER)
    with pytest.raises(DecisionError, match="no marker suggestion"):
        suggestion_decide(unscreened[2], rita, accepted=True)
    Activity.objects.filter(pk=unscreened[0].pk).update(gender_marker=1)
    with pytest.raises(DecisionError, match="screened since"):
        suggestion_decide(unscreened[0], rita, accepted=True)
    assert not SuggestionDecision.objects.exists()
