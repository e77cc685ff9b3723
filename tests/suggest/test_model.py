"""The model: scores with reasons, calibrated probabilities, and clear refusals on bad input."""

from __future__ import annotations

import numpy as np
import pytest

from parity.suggest import SuggestError
from parity.suggest.model import MarkerModel, Refusal, Suggestion, _balanced, project_weights
from parity.suggest.rows import LabelledRow, Subject


def labelled(key: str, title: str, marker: int) -> LabelledRow:
    return LabelledRow(Subject(key=key, title=title), marker > 0, marker)


def test_no_labelled_data_is_refused() -> None:
    with pytest.raises(SuggestError, match="no labelled activities"):
        MarkerModel().fit([])


def test_a_single_class_is_refused() -> None:
    rows = [labelled(str(n), f"Road {n} maintenance", 0) for n in range(50)]
    with pytest.raises(SuggestError, match="all 50 labelled activities have the same label"):
        MarkerModel().fit(rows)


def test_rows_without_any_text_are_refused() -> None:
    rows = [labelled(str(n), "", n % 2) for n in range(50)]
    with pytest.raises(SuggestError, match="none of the labelled activities has a title"):
        MarkerModel().fit(rows)


def test_it_suggests_with_a_probability_a_score_and_reasons(housing_model) -> None:
    women = Subject(
        key="a",
        title="Housing for women-headed households",
        description="Secure tenure and housing for women and girls; gender equality in access "
        "to land and housing, women's rights to property.",
        purpose_codes=("16040",),
    )
    roads = Subject(key="b", title="Rehabilitation of the municipal housing registry database")
    (first, second) = housing_model.suggest([women, roads])
    assert isinstance(first, Suggestion) and isinstance(second, Suggestion)
    assert 0 <= second.probability < first.probability <= 1
    assert first.score in (1, 2)
    assert abs(sum(first.probabilities.values()) - 1) < 1e-6
    assert first.probability == pytest.approx(first.probabilities[1] + first.probabilities[2])
    features = [reason.feature for reason in first.reasons]
    assert any(f.startswith("word: women") for f in features)
    assert all(reason.weight > 0 for reason in first.reasons[:1])


def test_a_feature_every_training_row_has_is_never_a_reason(housing_model) -> None:
    # Every housing row is in DAC sector 160: it shifts all scores alike.
    subject = Subject(key="a", title="Housing for women", purpose_codes=("16040",))
    (suggestion,) = housing_model.suggest([subject])
    assert "sector: 160" not in [reason.feature for reason in suggestion.reasons]


def test_an_empty_text_gets_no_score(housing_model) -> None:
    (result,) = housing_model.suggest([Subject(key="XM-1", purpose_codes=("16040",))])
    assert result == Refusal("XM-1", "no title or description to read")


def test_a_language_the_model_never_saw_gets_no_score(housing_model) -> None:
    japanese = Subject(key="JP-1", title="女性の経済的エンパワーメントのための住宅支援プロジェクト")
    (result,) = housing_model.suggest([japanese])
    assert isinstance(result, Refusal)
    assert "Japanese" in result.reason and "English" in result.reason


def test_an_unclear_language_with_unknown_words_gets_no_score(housing_model) -> None:
    (result,) = housing_model.suggest([Subject(key="X", title="Xqzv brwlt ploqq zzrt")])
    assert isinstance(result, Refusal)
    assert "unknown language" in result.reason


def test_japanese_text_is_read_when_the_model_learnt_it() -> None:
    women = "女性の起業支援と女子教育の推進プロジェクト"
    roads = "地方道路の改修と橋梁の維持管理プロジェクト"
    rows = [labelled(f"w{n}", f"{women} 第{n}期", 2) for n in range(30)]
    rows += [labelled(f"r{n}", f"{roads} 第{n}期", 0) for n in range(30)]
    model = MarkerModel().fit(rows)
    high, low = model.suggest(
        [Subject(key="a", title="女子教育の支援"), Subject(key="b", title="道路の改修")]
    )
    assert isinstance(high, Suggestion) and isinstance(low, Suggestion)
    assert high.probability > 0.5 > low.probability
    assert any(reason.feature in {"word: 女子", "word: 女性"} for reason in high.reasons)


def test_codes_one_source_lacks_are_left_out_of_a_mixed_model() -> None:
    def row(n: int, source: str, codes: bool) -> LabelledRow:
        subject = Subject(
            key=f"{source}{n}",
            title=f"Project {n} for {'women' if n % 2 else 'roads'}",
            purpose_codes=("15170",) if codes else (),
            provider="Donor",
        )
        return LabelledRow(subject, bool(n % 2), None, source)

    rows = [row(n, "crs", True) for n in range(20)] + [row(n, "paris21", False) for n in range(20)]
    model = MarkerModel().fit(rows)
    assert model.features.kinds == ("provider",)
    assert not any(name.startswith("purpose") for name in model.features.names)


def test_reasons_are_exact_shares_of_the_stacked_log_odds() -> None:
    # Both classifiers and the stacking are linear before the softmax: between two activities,
    # the log-odds of focus differ by exactly the summed weights of the words they differ in.
    rows = [
        LabelledRow(Subject(key=f"w{n}", title=f"Women's shelter and safe housing {n}"), True)
        for n in range(15)
    ] + [
        LabelledRow(Subject(key=f"r{n}", title=f"Road drainage and housing repairs {n}"), False)
        for n in range(25)
    ]
    model = MarkerModel().fit(rows)
    assert len(model.classifiers) == 2
    subjects = [Subject(key="a", title="women shelter"), Subject(key="b", title="road drainage")]
    matrix = model.features.transform(subjects).toarray()
    focused = model.focused_probability(model.predict_proba(subjects))
    log_odds = np.log(focused / (1 - focused))
    assert log_odds[0] - log_odds[1] == pytest.approx(
        float(model.direction() @ (matrix[0] - matrix[1])), rel=1e-4
    )
    (women, _) = model.suggest(subjects)
    assert isinstance(women, Suggestion)
    assert {"word: women", "word: shelter"} <= {reason.feature for reason in women.reasons}
    assert all(reason.weight > 0 for reason in women.reasons)


def test_a_marker_model_is_ordinal_and_its_reasons_exact(housing_model, housing) -> None:
    # 0/1/2: P(1 or more) and P(2) from their own calibrated thresholds, so the class
    # probabilities are never negative, P(2) never exceeds P(focused), and the log-odds of
    # focus are exactly the reasons' sum, as for a focused/not model.
    assert len(housing_model.thresholds) == 2
    subjects = [row.subject for row in housing[:300]]
    chosen, probabilities = housing_model.predict(subjects)
    assert (probabilities >= 0).all()
    assert probabilities.sum(axis=1) == pytest.approx(np.ones(len(subjects)))
    assert set(chosen.tolist()) == {0, 1, 2}
    focused = housing_model.focused_probability(probabilities)
    assert (probabilities[:, 2] <= focused + 1e-12).all()
    matrix = housing_model.features.transform(subjects[:2]).toarray()
    log_odds = np.log(focused[:2] / (1 - focused[:2]))
    assert log_odds[0] - log_odds[1] == pytest.approx(
        float(housing_model.direction() @ (matrix[0] - matrix[1])), rel=1e-4
    )


def test_project_weights_count_each_project_once() -> None:
    # Three rows of one project and one row of another: the project repeated over CRS rows
    # weighs as much in all as the single one, and the weights keep a mean of 1.
    weights = project_weights([7, 7, 7, 2])
    assert weights[:3].sum() == pytest.approx(weights[3])
    assert weights.mean() == pytest.approx(1.0)


def test_the_partner_moves_the_suggested_marker_only(housing_model, housing) -> None:
    # 0/1/2: the suggestion is the largest of the thresholds' balanced probabilities averaged
    # with the partner's; the calibrated probabilities shown do not depend on the partner.
    assert housing_model.partner is not None
    subjects = [row.subject for row in housing[:300]]
    chosen, probabilities = housing_model.predict(subjects)
    scores = housing_model._thresholds_scores(housing_model.features.transform(subjects))
    partner = housing_model._partner(subjects)
    assert partner.sum(axis=1) == pytest.approx(np.ones(len(subjects)))
    averaged = (_balanced(scores) + partner) / 2
    assert (chosen == housing_model.classes[np.argmax(averaged, axis=1)]).all()
    alone = housing_model.classes[np.argmax(_balanced(scores), axis=1)]
    assert (chosen != alone).any()  # the partner changes some suggestions
    assert probabilities == pytest.approx(housing_model._calibrated(scores))


def test_a_focused_model_has_no_partner() -> None:
    rows = [
        LabelledRow(Subject(key=f"k{i}", title=f"{word} project {i}"), word == "women")
        for i, word in enumerate(["women", "roads"] * 10)
    ]
    model = MarkerModel().fit(rows)
    assert model.target == "focused" and model.partner is None
