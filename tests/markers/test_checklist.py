import pytest

from parity.markers import MarkerError, Stage, checklist, load_scheme

DAC_BY_STAGE = [
    (Stage.PLANNING, ["screening-recorded", "gender-analysis", "gender-main-objective"]),
    (
        Stage.FORMULATION,
        [
            "screening-recorded",
            "gender-analysis",
            "analysis-shapes-design",
            "gender-objective",
            "gender-indicator",
            "sex-disaggregation",
            "gender-main-objective",
            "gender-indicators-both-levels",
        ],
    ),
    (Stage.IMPLEMENTATION, ["sex-disaggregation", "gender-results-monitored"]),
    (
        Stage.MONITORING,
        [
            "gender-indicator",
            "sex-disaggregation",
            "gender-results-monitored",
            "gender-indicators-both-levels",
        ],
    ),
    (Stage.EVALUATION, ["gender-results-evaluated"]),
]


@pytest.mark.parametrize(("stage", "expected"), DAC_BY_STAGE)
def test_dac_checklist_per_stage(stage, expected):
    assert [c.id for c in checklist(load_scheme("oecd-dac-gender"), stage)] == expected


@pytest.mark.parametrize(
    ("stage", "score", "expected"),
    [
        ("planning", "1", ["gender-analysis"]),
        ("planning", "0", ["screening-recorded"]),
        ("evaluation", "0", []),
        ("evaluation", "2", ["gender-results-evaluated"]),
        ("implementation", "1", ["sex-disaggregation", "gender-results-monitored"]),
    ],
)
def test_dac_checklist_narrowed_to_a_score(stage, score, expected):
    assert [c.id for c in checklist(load_scheme("oecd-dac-gender"), stage, score)] == expected


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (
            Stage.PLANNING,
            ["needs-survey-done", "review-recorded", "policy-purpose", "women-main-target"],
        ),
        (Stage.IMPLEMENTATION, ["gender-progress-monitored"]),
        (Stage.EVALUATION, ["gender-results-evaluated"]),
    ],
)
def test_jica_checklist_per_stage(stage, expected):
    assert [c.id for c in checklist(load_scheme("jica-gender"), stage)] == expected


@pytest.mark.parametrize("scheme_id", ["oecd-dac-gender", "jica-gender"])
def test_every_stage_of_every_shipped_scheme_has_something_to_check(scheme_id):
    scheme = load_scheme(scheme_id)
    assert all(checklist(scheme, stage) for stage in Stage)


def test_an_unknown_stage_is_a_marker_error():
    with pytest.raises(MarkerError, match="'design' is not a stage"):
        checklist(load_scheme("oecd-dac-gender"), "design")
