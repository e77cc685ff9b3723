"""Held-out evaluation over several grouped splits, every method on the same splits."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

import numpy as np

from parity.suggest.baselines import METHODS, Parity
from parity.suggest.metrics import reliability, scores
from parity.suggest.model import check_trainable, labels_of
from parity.suggest.rows import LabelledRow
from parity.suggest.split import grouped_split

MIN_SEEDS = 1


def summarise(values: list[float]) -> dict[str, Any]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "per_seed": [round(value, 4) for value in values],
    }


def evaluate(
    rows: Sequence[LabelledRow], name: str, seeds: int = 5, test_share: float = 0.25
) -> dict[str, Any]:
    """Every method trained on the training side of ``seeds`` grouped splits and scored on its
    held-out side; figures as mean, standard deviation and range over the seeds, and the
    model's margin over each other method split by split (macro-F1 for 0/1/2, else F1 of
    focused). The reliability table pools the model's held-out predictions of every seed."""
    if seeds < MIN_SEEDS:
        raise ValueError("give at least one seed")
    rows = [row for row in rows if row.subject.text]
    check_trainable(rows)
    _, target = labels_of(rows)
    per_method: dict[str, dict[str, list[float]]] = {m.name: {} for m in METHODS}
    pooled_truth: list[np.ndarray] = []
    pooled_probability: list[np.ndarray] = []
    sizes = []
    for seed in range(seeds):
        train_index, test_index = grouped_split(rows, seed, test_share)
        train = [rows[i] for i in train_index]
        test = [rows[i] for i in test_index]
        truth, _ = labels_of(test)
        sizes.append((len(train), len(test)))
        for method in METHODS:
            predicted, probability = method().fit(train).predict([row.subject for row in test])
            for key, value in scores(target, truth, predicted, probability).items():
                per_method[method.name].setdefault(key, []).append(value)
            if method is Parity:
                pooled_truth.append((truth > 0).astype(int))
                pooled_probability.append(probability)
    headline = "macro_f1" if target == "marker" else "focused_f1"
    model = per_method[Parity.name][headline]
    return {
        "dataset": name,
        "target": target,
        "rows": len(rows),
        "seeds": seeds,
        "test_share": test_share,
        "train_test_rows": sizes,
        "methods": {
            method: {key: summarise(values) for key, values in figures.items()}
            for method, figures in per_method.items()
        },
        # The model's headline figure minus each other method's, split by split.
        "margins": {
            "figure": headline,
            **{
                method: summarise([a - b for a, b in zip(model, figures[headline], strict=True)])
                for method, figures in per_method.items()
                if method != Parity.name
            },
        },
        "reliability": reliability(
            np.concatenate(pooled_truth), np.concatenate(pooled_probability)
        ),
    }
