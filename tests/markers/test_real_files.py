"""The rules over real publishers' files, read with Parity's IATI reader.

Expected flags were worked out by hand from the XML (see each comment) and the whole-file counts
were checked independently with lxml: CD.xml has 83 gender markers at 1 or 2 (79 significant,
4 principal), 55 at 0 and 67 activities without a gender marker; none publishes results. Every one
of the 67 is a parent whose components (related-activity type 2) in the same file carry a score.
"""

from datetime import date
from pathlib import Path

import pytest

from parity.iati.model import Activity
from parity.iati.reader import read_activities
from parity.markers import (
    Held,
    MarkerState,
    check_activity,
    read_gender_marker,
    suggest_priority_areas,
    summarise,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
CD = SHARED / "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
DFLAT = SHARED / "iati/real/D-Portal/dflat-downloads/activities.xml"
TODAY = date(2025, 1, 1)

NO_INDICATOR = "gender-focused-without-gender-indicator"
NO_OBJECTIVE = "principal-without-gender-objective"
MISSING = "gender-marker-missing"
NO_RESULTS = "results-not-published"
PARENT = "gender-marker-missing-parent"
PASS_THROUGH = "gender-marker-missing-pass-through"
ANALYSIS = "gender-analysis-not-recorded"
OBJECTIVE_1 = "significant-without-gender-objective"
PEOPLE = "people-count-without-sex-breakdown"
EVALUATION = "no-evaluation-commitment"
CTRACK = SHARED / "iati/real/D-Portal/ctrack-test/test_activities.xml"
MANY = SHARED / "iati/real/IATI-Datastore/iatilib-test-fixtures/many_activities.xml"


@pytest.fixture(autouse=True)
def _shared_folder_is_there() -> None:
    # Part of the test set-up (README): missing, these tests fail rather than skip.
    assert SHARED.is_dir(), "the shared real IATI files are not beside the project (see the README)"


def activities(path: Path) -> dict[str, Activity]:
    return {a.identifier: a for a in read_activities(path) if isinstance(a, Activity)}


def held(found: dict[str, Activity]) -> Held:
    """The activities of one file that carry a gender marker score, as the database knows them."""
    return Held(
        frozenset(
            identifier
            for identifier, activity in found.items()
            if read_gender_marker(activity).state is MarkerState.SCORED
        )
    )


@pytest.fixture(scope="module")
def cd() -> dict[str, Activity]:
    return activities(CD)


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        # parent activity, no policy-marker, its components (type 2) in the file carry one:
        # screened through them (was "not screened")
        ("GB-1-105838", [PARENT]),
        # DAC 2 on "Merlin - Referral Health Services", no description, a 1.01 file without
        # results: indicators cannot be checked (was "no gender indicator")
        ("GB-1-105858-101", [NO_RESULTS, NO_OBJECTIVE, ANALYSIS, EVALUATION]),
        # DAC 2, title "Gender Equality Support to the DRC": objective stated
        ("GB-1-200670-102", [NO_RESULTS, ANALYSIS, EVALUATION]),
        # DAC 2, "Programme for Adolescent Girls": the heuristic asks a person to look
        ("GB-1-203823-101", [NO_RESULTS, NO_OBJECTIVE, ANALYSIS, EVALUATION]),
        # DAC 1 with 15170 at 35%: no objective in the words of its title and description
        ("GB-1-201624-101", [NO_RESULTS, ANALYSIS, OBJECTIVE_1, EVALUATION]),
        # DAC 1 whose description plans an evaluation: no evaluation flag
        ("GB-1-113961-105", [NO_RESULTS, ANALYSIS, OBJECTIVE_1]),
        # DAC 0 on forestry (31210): nothing to flag
        ("GB-1-105843-101", []),
    ],
)
def test_flags_on_chosen_dfid_activities(cd, identifier, expected):
    flags = check_activity(cd[identifier], TODAY, held=held(cd))
    assert [flag.rule_id for flag in flags] == expected


def test_flag_counts_over_the_whole_dfid_file_match_an_independent_count(cd):
    screened = held(cd)
    summary = summarise(
        flag for a in cd.values() for flag in check_activity(a, TODAY, held=screened)
    )
    assert len(cd) == 205
    # 83 marked 1 or 2, none with results; the 67 without a marker are all parents
    assert summary.by_rule == {
        NO_RESULTS: 83,
        ANALYSIS: 83,
        EVALUATION: 81,
        OBJECTIVE_1: 79,
        PARENT: 67,
        NO_OBJECTIVE: 2,
    }


def test_the_same_parent_read_alone_is_not_screened(cd):
    # Without its components held beside it, nothing shows the parent was screened.
    assert [flag.rule_id for flag in check_activity(cd["GB-1-105838"], TODAY)] == [MISSING]


@pytest.mark.parametrize(
    ("path", "identifier", "aid_type"),
    [
        (CTRACK, "44000-P120534", "A02 sector budget support"),  # World Bank, 1.0x
        (MANY, "GB-CHC-285908-197126", "B01 core support to NGOs"),
    ],
)
def test_budget_support_and_core_contributions_are_not_unscreened_projects(
    path, identifier, aid_type
):
    (flag,) = check_activity(activities(path)[identifier], TODAY)
    assert flag.rule_id == PASS_THROUGH
    assert aid_type in flag.message


def test_priority_areas_on_a_dfid_activity(cd):
    # sectors 15160 (58%), 15170 (35%), 14030 (7%)
    tags = suggest_priority_areas(cd["GB-1-201624-101"])
    assert [(t.area.slug, t.rule.label, t.automatic) for t in tags] == [
        ("rights-security", "code 15160", True),
        ("governance", "code 15170", True),
        ("infrastructure", "prefix 14", True),
    ]


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        # UNDP, DAC 1: one indicator about Ebola treatment, counting people, nothing on women
        # or by sex
        (
            "XM-DAC-41114-OUTPUT-00100692",
            [NO_INDICATOR, ANALYSIS, OBJECTIVE_1, PEOPLE, EVALUATION],
        ),
        # UNICEF, DAC 2: its only indicator is empty (dimension name=""), and the description
        # mentions adolescent girls and women but states no gender equality objective; it
        # speaks of an evaluation
        ("XM-DAC-41122-Liberia-2550/A0/08/802/004", [NO_INDICATOR, NO_OBJECTIVE, ANALYSIS]),
    ],
)
def test_flags_on_iati_2_activities_with_results(identifier, expected):
    subject = activities(DFLAT)[identifier]
    assert subject.results  # the point of choosing them
    assert [flag.rule_id for flag in check_activity(subject, TODAY)] == expected
