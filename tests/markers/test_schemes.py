import copy
import json
from pathlib import Path

import pytest

from parity.markers import MarkerError, SchemeError, Stage, available_schemes, load_scheme

MINIMAL = {
    "id": "minimal",
    "name": "Minimal scheme",
    "owner": "Tests",
    "not_screened": "Not screened",
    "scores": [
        {"code": "0", "label": "No", "description": "-", "gender_focused": False, "dac": 0},
        {"code": "1", "label": "Yes", "description": "-", "gender_focused": True, "dac": 1},
    ],
    "criteria": [
        {"id": "analysis", "text": "An analysis.", "scores": ["1"], "stages": ["planning"]},
    ],
}


def write_json(tmp_path: Path, data: object, name: str = "scheme.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_it_ships_the_dac_and_jica_schemes():
    assert {"oecd-dac-gender", "jica-gender"} <= set(available_schemes())


@pytest.mark.parametrize("scheme_id", ["oecd-dac-gender", "jica-gender"])
def test_every_shipped_scheme_loads_and_uses_its_file_name_as_id(scheme_id):
    assert load_scheme(scheme_id).id == scheme_id


@pytest.mark.parametrize(
    ("code", "dac", "gender_focused"),
    [("0", 0, False), ("1", 1, True), ("2", 2, True)],
)
def test_dac_scores_map_to_themselves(code, dac, gender_focused):
    scheme = load_scheme("oecd-dac-gender")
    assert scheme.to_dac(code) == dac
    assert scheme.score(code).gender_focused is gender_focused


def test_not_screened_is_none_and_never_zero():
    scheme = load_scheme("oecd-dac-gender")
    assert scheme.validate_score(None) is None
    assert scheme.to_dac(None) is None
    assert scheme.validate_score("0") is not None
    assert "not screened" not in {score.label.lower() for score in scheme.scores}


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "has not been screened"),
        ("  ", "has not been screened"),
        ("3", "'3' is not a score (scores are: 0, 1, 2)"),
        ("not-screened", "is not a score"),
        (1, "score codes are text"),
    ],
)
def test_validate_score_refuses_what_is_not_a_score(code, message):
    with pytest.raises(MarkerError, match="OECD-DAC gender equality policy marker") as error:
        load_scheme("oecd-dac-gender").validate_score(code)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("code", "dac"),
    [
        ("policy-institution", 2),
        ("women-beneficiaries", None),  # a reviewer decides the DAC value
        ("gender-integrated", 1),
        ("needs-survey", None),
        ("none", 0),
    ],
)
def test_jica_categories_map_to_the_dac_marker(code, dac):
    scheme = load_scheme("jica-gender")
    assert scheme.to_dac(code) == dac
    assert scheme.score(code).dac_note  # every mapping states its reasoning


def test_principal_needs_everything_significant_needs_and_more():
    scheme = load_scheme("oecd-dac-gender")
    significant = {criterion.id for criterion in scheme.criteria_for("1")}
    principal = {criterion.id for criterion in scheme.criteria_for("2")}
    assert significant < principal
    assert principal - significant == {"gender-main-objective", "gender-indicators-both-levels"}
    assert "gender-analysis" in significant


def test_answers_to_criteria_of_another_scheme_are_refused():
    scheme = load_scheme("oecd-dac-gender")
    with pytest.raises(MarkerError, match="unknown criteria: policy-purpose, typo"):
        scheme.validate_answers({"gender-analysis": True, "typo": True, "policy-purpose": False})


def test_answers_must_be_yes_or_no():
    with pytest.raises(MarkerError, match="'gender-analysis' must be yes or no, got 'yes'"):
        load_scheme("oecd-dac-gender").validate_answers({"gender-analysis": "yes"})


def test_unmet_criteria_lists_the_evidence_still_missing_for_a_score():
    scheme = load_scheme("oecd-dac-gender")
    answers = {criterion.id: True for criterion in scheme.criteria_for("1")}
    answers["sex-disaggregation"] = False
    assert [c.id for c in scheme.unmet_criteria("1", answers)] == ["sex-disaggregation"]
    assert [c.id for c in scheme.unmet_criteria("2", answers)] == [
        "sex-disaggregation",
        "gender-main-objective",
        "gender-indicators-both-levels",
    ]


def test_criteria_of_an_unknown_score_are_refused():
    with pytest.raises(MarkerError, match="'9' is not a score"):
        load_scheme("oecd-dac-gender").criteria_for("9")


def test_adding_undp_gen_is_just_a_data_file(tmp_path):
    undp = {
        "id": "undp-gen",
        "name": "UNDP gender marker",
        "owner": "UNDP",
        "not_screened": "Not rated",
        "scores": [
            {"code": "GEN0", "label": "No contribution", "description": "-",
             "gender_focused": False, "dac": 0},
            {"code": "GEN1", "label": "Limited contribution", "description": "-",
             "gender_focused": False, "dac": 0,
             "dac_note": "A limited contribution is not a deliberate objective."},
            {"code": "GEN2", "label": "Significant", "description": "-",
             "gender_focused": True, "dac": 1},
            {"code": "GEN3", "label": "Principal", "description": "-",
             "gender_focused": True, "dac": 2},
        ],
        "criteria": [
            {"id": "gender-analysis", "text": "A gender analysis exists.",
             "scores": ["GEN2", "GEN3"], "stages": ["planning", "formulation"]},
        ],
    }  # fmt: skip
    scheme = load_scheme(write_json(tmp_path, undp, "undp-gen.json"))
    assert [score.code for score in scheme.scores] == ["GEN0", "GEN1", "GEN2", "GEN3"]
    assert scheme.to_dac("GEN1") == 0
    assert scheme.to_dac("GEN3") == 2


def test_adding_eu_gap_iii_as_toml_works_too(tmp_path):
    path = tmp_path / "eu-gap-iii.toml"
    path.write_text(
        """
id = "eu-gap-iii"
name = "EU Gender Action Plan III marker"
owner = "European Union"
not_screened = "Not marked"

[[scores]]
code = "G0"
label = "Not targeted"
description = "-"
gender_focused = false
dac = 0

[[scores]]
code = "G1"
label = "Significant"
description = "-"
gender_focused = true
dac = 1

[[scores]]
code = "G2"
label = "Principal"
description = "-"
gender_focused = true
dac = 2

[[criteria]]
id = "gender-analysis"
text = "A gender analysis informs the action."
scores = ["G1", "G2"]
stages = ["formulation"]
""",
        encoding="utf-8",
    )
    scheme = load_scheme(str(path))
    assert scheme.id == "eu-gap-iii"
    assert scheme.criteria[0].stages == (Stage.FORMULATION,)
    assert scheme.to_dac("G2") == 2


def _set(path: str, value: object):
    """A mutation of MINIMAL: set a dotted path such as ``scores.0.dac``."""

    def mutate(data: dict) -> None:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return mutate


_DELETE = object()


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [
        (_set("criteria.0.scores", ["2"]), "criteria[0].scores[0]", "'2' is not a score"),
        (_set("scores.1.code", "0"), "scores[1].code", "duplicate code '0'"),
        (_set("scores.0.dac", 3), "scores[0].dac", "3 is not a DAC gender marker value"),
        (_set("scores.0.dac", -1), "scores[0].dac", "-1 is not a DAC gender marker value"),
        (_set("scores.1.dac", True), "scores[1].dac", "True is not a DAC gender marker value"),
        (_set("scores.1.dac", "1"), "scores[1].dac", "'1' is not a DAC gender marker value"),
        (_set("scores.0.dac", _DELETE), "scores[0].dac", "missing"),
        (_set("scores.1.gender_focused", False), "scores[1].gender_focused", "must be true"),
        (_set("scores.1.gender_focused", "yes"), "scores[1].gender_focused", "true or false"),
        (_set("scores.0.dak", 0), "scores[0].dak", "unknown field"),
        (_set("scores", []), "scores", "expected a non-empty list"),
        (_set("name", _DELETE), "name", "missing"),
        (_set("name", " "), "name", "expected non-empty text"),
        (_set("id", "Minimal Scheme"), "id", "is not a slug"),
        (_set("criteria.0.stages", ["design"]), "criteria[0].stages[0]", "'design' is not a stage"),
        (_set("criteria.0.stages", []), "criteria[0].stages", "non-empty list"),
        (_set("criteria.0.scores", ["1", "1"]), "criteria[0].scores", "same value twice"),
        (
            lambda data: data["criteria"].append(copy.deepcopy(data["criteria"][0])),
            "criteria[1].id",
            "duplicate id 'analysis'",
        ),
    ],
)
def test_a_broken_scheme_file_names_the_file_and_field(tmp_path, mutate, field, problem):
    data = copy.deepcopy(MINIMAL)
    mutate(data)
    path = write_json(tmp_path, data)
    with pytest.raises(SchemeError) as error:
        load_scheme(path)
    assert error.value.source == str(path)
    assert error.value.field == field
    assert problem in error.value.problem
    assert str(error.value).startswith(f"{path}: {field}: ")


def test_the_minimal_scheme_itself_is_valid(tmp_path):
    assert load_scheme(write_json(tmp_path, MINIMAL)).id == "minimal"


def test_a_file_that_is_not_json_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"id": ', encoding="utf-8")
    with pytest.raises(SchemeError, match=r"broken\.json: \(file\): cannot be parsed"):
        load_scheme(path)


def test_a_top_level_that_is_not_an_object_is_refused(tmp_path):
    with pytest.raises(SchemeError, match=r"\(top level\): expected an object"):
        load_scheme(write_json(tmp_path, ["not", "a", "scheme"]))


def test_an_unknown_id_lists_the_available_schemes():
    expected = r"unknown marker scheme 'iasc' \(available: .*oecd-dac-gender"
    with pytest.raises(MarkerError, match=expected):
        load_scheme("iasc")


def test_a_missing_path_is_a_marker_error(tmp_path):
    with pytest.raises(MarkerError, match="no scheme file at"):
        load_scheme(tmp_path / "absent.json")
