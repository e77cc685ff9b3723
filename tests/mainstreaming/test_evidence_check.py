"""Submitting and approving run the evidence rules: a criterion answered met that a rule
contradicts is shown, and must be confirmed (or the answer changed, or the review returned)."""

from __future__ import annotations

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.iati import model as iati
from parity.mainstreaming import services
from parity.mainstreaming.errors import EvidenceContradictedError
from parity.mainstreaming.evidence_check import contradicted_answers
from parity.mainstreaming.models import StageReview
from parity.markers import Stage
from tests.mainstreaming.conftest import complete, small_activity


def counting_farmers() -> iati.Activity:
    """Marked nothing yet; its one indicator counts people, is not about women, and has no
    value broken down by sex: the rules contradict 'gender indicator' and 'by sex'."""
    indicator = iati.Indicator(
        measure="1",
        titles=(iati.Narrative("Number of farmers trained"),),
        periods=(
            iati.IndicatorPeriod(
                start=None, end=None, targets=(iati.PeriodValue(value=None, dimensions=()),)
            ),
        ),
    )
    base = small_activity("XM-TEST-FARMERS", significance=None, title="Irrigation for farmers")
    result = iati.Result("1", titles=(iati.Narrative("Yields"),), indicators=(indicator,))
    return iati.Activity(**{**base.__dict__, "results": (result,)})


@pytest.fixture
def farmers(db) -> Activity:
    ActivityLoader().load([counting_farmers()])
    return Activity.objects.get(iati_identifier="XM-TEST-FARMERS")


@pytest.fixture
def contradicted(farmers, editor) -> StageReview:
    review = services.review_start(farmers, Stage.FORMULATION, editor)
    return complete(review, editor, score="1")


def test_the_rules_contradict_the_indicator_criteria_answered_met(contradicted) -> None:
    found = {c.criterion: c for c in contradicted_answers(contradicted)}
    assert set(found) == {"gender-indicator", "sex-disaggregation"}
    assert "Number of farmers trained" in found["sex-disaggregation"].message


def test_submitting_asks_for_a_confirmation_and_writes_nothing_without_it(
    contradicted, editor
) -> None:
    with pytest.raises(EvidenceContradictedError) as refused:
        services.review_submit(contradicted, editor)
    assert "sex-disaggregation" in str(refused.value)
    contradicted.refresh_from_db()
    assert contradicted.status == StageReview.DRAFT
    with pytest.raises(EvidenceContradictedError):  # one confirmed is not both
        services.review_submit(contradicted, editor, confirmed=["gender-indicator"])
    both = ["gender-indicator", "sex-disaggregation"]
    assert services.review_submit(contradicted, editor, confirmed=both).status == "submitted"


def test_the_reviewer_must_confirm_too_or_return(contradicted, editor, reviewer) -> None:
    both = ["gender-indicator", "sex-disaggregation"]
    submitted = services.review_submit(contradicted, editor, confirmed=both)
    with pytest.raises(EvidenceContradictedError):
        services.review_approve(submitted, reviewer)
    returned = services.review_return(submitted, reviewer, comment="Break the count down by sex.")
    assert returned.status == StageReview.RETURNED


def test_an_activity_with_sex_disaggregated_gender_indicators_is_not_contradicted(
    activity, editor
) -> None:
    review = complete(services.review_start(activity, Stage.FORMULATION, editor), editor)
    assert contradicted_answers(review) == []


def test_the_review_page_shows_the_contradictions_and_a_box_to_confirm_each(
    contradicted, editor
) -> None:
    client = Client()
    client.force_login(editor)
    page = client.get(f"/mainstreaming/reviews/{contradicted.pk}/").content.decode()
    assert 'id="contradictions"' in page and "Number of farmers trained" in page
    assert page.count('name="confirmed"') == 2
    url = f"/mainstreaming/reviews/{contradicted.pk}/submit/"
    refused = client.post(url, {"version": contradicted.version})
    assert refused.status_code == 400
    done = client.post(
        url,
        {
            "version": contradicted.version,
            "confirmed": ["gender-indicator", "sex-disaggregation"],
        },
    )
    assert done.status_code == 302
    contradicted.refresh_from_db()
    assert contradicted.status == StageReview.SUBMITTED


def test_the_checklist_shows_only_the_criteria_of_the_proposed_score_in_words(
    contradicted, editor
) -> None:
    client = Client()
    client.force_login(editor)
    page = client.get(f"/mainstreaming/reviews/{contradicted.pk}/").content.decode()
    assert "A gender analysis of the context" in page  # a score-1 criterion
    assert "Gender equality is the top-level objective" not in page  # score 2 only
    assert "<code>gender-analysis</code>" not in page
