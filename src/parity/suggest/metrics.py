"""The figures an evaluation reports, from true labels, suggested labels and P(focused)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

RELIABILITY_BINS = 10
TOP = 100


def brier(focused: np.ndarray, probability: np.ndarray) -> float:
    return float(np.mean((probability - focused) ** 2))


def reliability(focused: np.ndarray, probability: np.ndarray) -> list[dict[str, Any]]:
    """Per tenth of predicted probability: how many, the mean predicted, the share focused."""
    edges = np.linspace(0, 1, RELIABILITY_BINS + 1)
    index = np.clip(np.digitize(probability, edges[1:-1]), 0, RELIABILITY_BINS - 1)
    table = []
    for b in range(RELIABILITY_BINS):
        inside = index == b
        n = int(inside.sum())
        table.append(
            {
                "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                "rows": n,
                "mean_predicted": round(float(probability[inside].mean()), 3) if n else None,
                "share_focused": round(float(focused[inside].mean()), 3) if n else None,
            }
        )
    return table


def precision_at(focused: np.ndarray, probability: np.ndarray, top: int = TOP) -> float:
    """Share focused among the ``top`` highest scored (ties kept in row order)."""
    order = np.argsort(-probability, kind="stable")[:top]
    return float(focused[order].mean()) if len(order) else 0.0


def scores(
    target: str, truth: np.ndarray, predicted: np.ndarray, probability: np.ndarray
) -> dict[str, Any]:
    """The figures of one method on one split (``target`` "marker" 0/1/2 or "focused" 0/1)."""
    truth_focused = (truth > 0).astype(int)
    predicted_focused = (predicted > 0).astype(int)
    figures: dict[str, Any] = {
        "focused_f1": float(f1_score(truth_focused, predicted_focused, zero_division=0)),
        "brier": brier(truth_focused, probability),
        "precision_top_100": precision_at(truth_focused, probability),
    }
    if target == "marker":
        labels = [0, 1, 2]
        figures["macro_f1"] = float(
            f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
        )
        precision, recall, _, _ = precision_recall_fscore_support(
            truth, predicted, labels=labels, zero_division=0
        )
        for label in labels:
            figures[f"precision_{label}"] = float(precision[label])
            figures[f"recall_{label}"] = float(recall[label])
    return figures
