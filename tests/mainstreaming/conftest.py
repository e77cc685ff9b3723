"""Personas (one user per role, plus an outsider without a role) and a small activity."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from parity import roles
from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity
from parity.iati import model as iati
from parity.mainstreaming import services
from parity.mainstreaming.models import StageReview
from tests.conftest import role_group

ROLE_OF = {
    "vera": "viewer",
    "edith": "editor",
    "rita": "reviewer",
    "ada": "administrator",
    "oscar": "outsider",
}


def make_user(name: str, role: str | None) -> User:
    user = User.objects.create_user(name)  # no password: hashing is slow, tests force_login
    if role:
        user.groups.add(role_group(role))
    return user


@pytest.fixture
def viewer(db) -> User:
    return make_user("vera", roles.VIEWER)


@pytest.fixture
def editor(db) -> User:
    return make_user("edith", roles.EDITOR)


@pytest.fixture
def reviewer(db) -> User:
    return make_user("rita", roles.REVIEWER)


@pytest.fixture
def other_reviewer(db) -> User:
    return make_user("rene", roles.REVIEWER)


@pytest.fixture
def administrator(db) -> User:
    return make_user("ada", roles.ADMINISTRATOR)


@pytest.fixture
def outsider(db) -> User:
    return make_user("oscar", None)


@pytest.fixture
def persona(request, viewer, editor, reviewer, administrator, outsider) -> User:
    """Indirect parametrisation by role name: the user with that role."""
    return {
        "viewer": viewer,
        "editor": editor,
        "reviewer": reviewer,
        "administrator": administrator,
        "outsider": outsider,
    }[request.param]


def small_activity(
    identifier: str = "XM-TEST-1",
    significance: str | None = "1",
    title: str = "Savings groups for women traders",
    sectors: tuple[str, ...] = ("15170", "25010"),
    description: str = "",
    result_types: tuple[str, ...] = ("1",),
) -> iati.Activity:
    indicator = iati.Indicator(
        measure="1",
        titles=(iati.Narrative("Women trained in bookkeeping"),),
        periods=(
            iati.IndicatorPeriod(
                start=None,
                end=None,
                targets=(
                    iati.PeriodValue(
                        value=None,
                        dimensions=(iati.Dimension("sex", "F", "sex", "female"),),
                    ),
                ),
            ),
        ),
    )
    markers = () if significance is None else (iati.PolicyMarker("1", significance),)
    return iati.Activity(
        identifier=identifier,
        reporting_org=iati.OrgRef(ref="XM-TEST", names=(iati.Narrative("Test agency"),)),
        titles=(iati.Narrative(title),),
        descriptions=(iati.Description("1", (iati.Narrative(description),)),)
        if description
        else (),
        sectors=tuple(iati.Sector(code, "1") for code in sectors),
        policy_markers=markers,
        results=tuple(
            iati.Result(kind, titles=(iati.Narrative("Skills"),), indicators=(indicator,))
            for kind in result_types
        ),
    )


@pytest.fixture
def activity(db) -> Activity:
    ActivityLoader().load([small_activity()])
    return Activity.objects.get(iati_identifier="XM-TEST-1")


def complete(review: StageReview, user, score: str = "1") -> StageReview:
    """Answer every criterion of the review's checklist as met with evidence, propose a score."""
    from parity.markers import checklist

    scheme = services.scheme_of(review)
    answers = {
        c.id: services.AnswerInput("met", text=f"Evidence for {c.id}")
        for c in checklist(scheme, review.stage)
    }
    return services.review_save(
        review,
        user,
        version=review.version,
        answers=answers,
        proposed_score=score,
        justification="Savings groups target women traders.",
    )
