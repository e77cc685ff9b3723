"""The evaluation: every method on the same grouped splits, figures with their spread."""

from __future__ import annotations

import numpy as np
import pytest

from parity.suggest import SuggestError
from parity.suggest.evaluate import evaluate
from parity.suggest.metrics import precision_at, reliability


def test_it_scores_every_method_on_the_same_splits(housing) -> None:
    report = evaluate(housing[::2], "housing, every other row", seeds=2)
    assert report["target"] == "marker"
    assert list(report["methods"]) == [
        "majority",
        "keyword rule",
        "plain TF-IDF + logistic regression",
        "TF-IDF + class-balanced logistic regression",
        "parity model",
    ]
    model = report["methods"]["parity model"]
    assert len(model["macro_f1"]["per_seed"]) == 2
    assert {"precision_2", "recall_2", "focused_f1", "brier", "precision_top_100"} <= set(model)
    # The commonest label never finds a principal (2) activity; the model does.
    assert report["methods"]["majority"]["recall_2"]["max"] == 0
    assert model["recall_2"]["mean"] > 0
    assert model["macro_f1"]["mean"] > report["methods"]["majority"]["macro_f1"]["mean"]
    # The margins are the model's figure minus the baseline's, split by split.
    margins = report["margins"]
    assert margins["figure"] == "macro_f1"
    plain = report["methods"]["plain TF-IDF + logistic regression"]["macro_f1"]["per_seed"]
    assert margins["plain TF-IDF + logistic regression"]["per_seed"] == pytest.approx(
        [a - b for a, b in zip(model["macro_f1"]["per_seed"], plain, strict=True)], abs=1e-3
    )
    assert "parity model" not in margins
    assert sum(row["rows"] for row in report["reliability"]) == sum(
        test for _, test in report["train_test_rows"]
    )


def test_an_empty_set_is_refused() -> None:
    with pytest.raises(SuggestError, match="no labelled activities"):
        evaluate([], "nothing")


def test_precision_among_the_top_counts_only_the_top() -> None:
    focused = np.array([1, 0, 1, 0])
    assert precision_at(focused, np.array([0.9, 0.8, 0.1, 0.2]), top=2) == 0.5
    table = reliability(focused, np.array([0.95, 0.05, 0.91, 0.5]))
    assert table[9] == {"bin": "0.9-1.0", "rows": 2, "mean_predicted": 0.93, "share_focused": 1.0}
