"""The rules over real publishers' files, read with Parity's IATI reader.

Expected flags were worked out by hand from the XML (see each comment) and the whole-file counts
were checked independently with lxml: CD.xml has 83 gender markers at 1 or 2 (79 significant,
4 principal), 55 at 0 and 67 activities without a gender marker; none publishes results.
"""

from datetime import date
from pathlib import Path

import pytest

from parity.iati.model import Activity
from parity.iati.reader import read_activities
from parity.markers import check_activity, suggest_priority_areas, summarise

SHARED = Path(__file__).resolve().parents[3] / "shared"
CD = SHARED / "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
DFLAT = SHARED / "iati/real/D-Portal/dflat-downloads/activities.xml"
TODAY = date(2025, 1, 1)

NO_INDICATOR = "gender-focused-without-gender-indicator"
NO_OBJECTIVE = "principal-without-gender-objective"
MISSING = "gender-marker-missing"

pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared real IATI files are not beside the project"
)


def activities(path: Path) -> dict[str, Activity]:
    return {a.identifier: a for a in read_activities(path) if isinstance(a, Activity)}


@pytest.fixture(scope="module")
def cd() -> dict[str, Activity]:
    return activities(CD)


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        # parent activity, no policy-marker at all: not screened
        ("GB-1-105838", [MISSING]),
        # DAC 2 on "Merlin - Referral Health Services", no description, no results
        ("GB-1-105858-101", [NO_INDICATOR, NO_OBJECTIVE]),
        # DAC 2, title "Gender Equality Support to the DRC": objective stated, still no results
        ("GB-1-200670-102", [NO_INDICATOR]),
        # DAC 2, "Programme for Adolescent Girls": the heuristic asks a person to look
        ("GB-1-203823-101", [NO_INDICATOR, NO_OBJECTIVE]),
        # DAC 1 with 15170 at 35%: significant needs an indicator
        ("GB-1-201624-101", [NO_INDICATOR]),
        # DAC 0 on forestry (31210): nothing to flag
        ("GB-1-105843-101", []),
    ],
)
def test_flags_on_chosen_dfid_activities(cd, identifier, expected):
    assert [flag.rule_id for flag in check_activity(cd[identifier], TODAY)] == expected


def test_flag_counts_over_the_whole_dfid_file_match_an_independent_count(cd):
    summary = summarise(flag for a in cd.values() for flag in check_activity(a, TODAY))
    assert len(cd) == 205
    assert summary.by_rule == {NO_INDICATOR: 83, MISSING: 67, NO_OBJECTIVE: 2}


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
        # UNDP, DAC 1: one indicator about Ebola treatment, nothing on women or by sex
        ("XM-DAC-41114-OUTPUT-00100692", [NO_INDICATOR]),
        # UNICEF, DAC 2: its only indicator is empty (dimension name=""), and the description
        # mentions adolescent girls and women but states no gender equality objective
        ("XM-DAC-41122-Liberia-2550/A0/08/802/004", [NO_INDICATOR, NO_OBJECTIVE]),
    ],
)
def test_flags_on_iati_2_activities_with_results(identifier, expected):
    subject = activities(DFLAT)[identifier]
    assert subject.results  # the point of choosing them
    assert [flag.rule_id for flag in check_activity(subject, TODAY)] == expected
