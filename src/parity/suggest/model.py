"""The suggestion model: a linear classifier over words and codes, calibrated, with a decision
rule tuned for F1, and the reasons (the words and codes that weighed most) for each score.

Training (all on the training rows only):
1. features fitted once (vocabulary, idf, code columns);
2. out-of-fold decision scores from 3 grouped folds, so calibration and the decision rule are
   learnt on scores of texts the classifier did not see;
3. calibration: a multinomial logistic regression from those scores to probabilities;
4. decision weights per class, searched on the out-of-fold probabilities for the best
   macro-F1 (0/1/2) or focused F1 (binary): the probability shown stays calibrated while the
   suggested score is not biased towards the commonest class;
5. the classifier refitted on every training row.
"""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from parity.suggest import language, metrics
from parity.suggest.errors import SuggestError
from parity.suggest.features import FeatureSpace, shared_kinds
from parity.suggest.rows import LabelledRow, Subject
from parity.suggest.split import groups

FOLDS = 3
WEIGHT_GRID = (0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0)
MIN_ROWS_PER_CLASS = 5
# Share of a text's words the vocabulary must know when its language is unclear.
MIN_KNOWN_WORDS = 0.5
MIN_LANGUAGE_ROWS = 20  # training texts a language needs before the model reads it
COMMON_SHARE = 0.5  # a column in more training rows than this is no reason


@dataclass(frozen=True)
class Reason:
    feature: str  # "word: women", "purpose: 15170", "provider: ..."
    weight: float  # positive = towards focused


@dataclass(frozen=True)
class Suggestion:
    key: str
    probability: float  # calibrated P(gender equality focused: marker 1 or 2)
    score: int | None  # suggested marker (0/1/2), or 0/1 for a binary model's focused flag
    probabilities: dict[int, float]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Refusal:
    key: str
    reason: str  # why no score is given (empty text, a language the model cannot read)


def labels_of(rows: Sequence[LabelledRow]) -> tuple[np.ndarray, str]:
    """The training target: 0/1/2 when every row has a marker, else focused (0/1)."""
    if all(row.marker is not None for row in rows):
        return np.array([row.marker for row in rows]), "marker"
    return np.array([int(row.focused) for row in rows]), "focused"


def check_trainable(rows: Sequence[LabelledRow]) -> None:
    if not rows:
        raise SuggestError("no labelled activities to train on: give labelled CRS files")
    y, _ = labels_of(rows)
    counts = Counter(y.tolist())
    if len(counts) < 2:
        only = next(iter(counts))
        raise SuggestError(
            f"all {len(rows)} labelled activities have the same label ({only}): a model needs "
            "screened activities of at least two kinds"
        )
    thin = {label: n for label, n in counts.items() if n < MIN_ROWS_PER_CLASS}
    if thin:
        raise SuggestError(
            f"too few labelled activities for label(s) {sorted(thin)} ({thin}); "
            f"each needs at least {MIN_ROWS_PER_CLASS}"
        )
    empty = [row.subject.key for row in rows if not row.subject.text]
    if len(empty) == len(rows):
        raise SuggestError("none of the labelled activities has a title or description")


def _classifier(seed: int) -> SGDClassifier:
    # Logistic loss, class-balanced SGD: seconds on 20,000 rows, one core. alpha 1e-5 measured
    # best of 1e-5/3e-5/1e-4 on the housing set (docs/suggestions.md).
    return SGDClassifier(
        loss="log_loss",
        alpha=1e-5,
        class_weight="balanced",
        max_iter=50,
        tol=1e-4,
        random_state=seed,
    )


def _fitted(seed: int, matrix: object, y: np.ndarray) -> SGDClassifier:
    with warnings.catch_warnings():
        # The epoch budget is fixed on purpose (training time); more epochs measured no better.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _classifier(seed).fit(matrix, y)


def _as_matrix(scores: np.ndarray) -> np.ndarray:
    return scores.reshape(-1, 1) if scores.ndim == 1 else scores


def _best_weights(probabilities: np.ndarray, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per-class multipliers of the probabilities whose argmax gives the best (macro-)F1."""
    best, best_f1 = np.ones(len(classes)), -1.0
    # Binary: F1 of the higher class (focused); else macro-F1 over the classes.
    options = (
        {"average": "binary", "pos_label": classes[-1]}
        if len(classes) == 2
        else {"average": "macro"}
    )
    for rest in itertools.product(WEIGHT_GRID, repeat=len(classes) - 1):
        weights = np.array((1.0, *rest))
        predicted = classes[np.argmax(probabilities * weights, axis=1)]
        f1 = f1_score(y, predicted, zero_division=0, **options)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = weights, f1
    return best


class MarkerModel:
    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.features = FeatureSpace()
        self.classifier = _classifier(seed)
        self.calibrator = LogisticRegression(C=10.0, max_iter=1000)
        self.weights = np.ones(1)
        self.target = "marker"
        self.languages: dict[str, int] = {}
        self.cross_validated: dict[str, float] = {}  # figures on the out-of-fold predictions
        # Columns most training rows have (a housing set's one sector): they shift every score
        # alike, like an intercept, so they are never given as a reason.
        self.common = np.zeros(0, dtype=bool)

    @property
    def classes(self) -> np.ndarray:
        classes: np.ndarray = self.classifier.classes_
        return classes

    def fit(self, rows: Sequence[LabelledRow]) -> MarkerModel:
        check_trainable(rows)
        rows = [row for row in rows if row.subject.text]
        y, self.target = labels_of(rows)
        by_source: dict[str, list[Subject]] = {}
        for row in rows:
            by_source.setdefault(row.source, []).append(row.subject)
        self.features = FeatureSpace(kinds=shared_kinds(by_source.values()))
        matrix = self.features.fit_transform([row.subject for row in rows])
        self.common = np.asarray((matrix > 0).mean(axis=0)).ravel() > COMMON_SHARE
        classes = np.unique(y)
        row_groups = groups(rows)
        if len(set(row_groups)) < FOLDS:
            raise SuggestError(
                f"the labelled activities hold only {len(set(row_groups))} distinct projects; "
                f"training needs at least {FOLDS}"
            )
        folds = GroupKFold(n_splits=FOLDS).split(matrix, y, row_groups)
        out_of_fold = np.zeros((len(rows), len(classes) if len(classes) > 2 else 1))
        for train, held in folds:
            fold_model = _fitted(self.seed, matrix[train], y[train])
            out_of_fold[held] = _as_matrix(fold_model.decision_function(matrix[held]))
        self.calibrator.fit(out_of_fold, y)
        calibrated = self.calibrator.predict_proba(out_of_fold)
        self.weights = _best_weights(calibrated, y, classes)
        chosen = classes[np.argmax(calibrated * self.weights, axis=1)]
        self.cross_validated = metrics.scores(
            self.target, y, chosen, calibrated[:, classes > 0].sum(axis=1)
        )
        self.classifier = _fitted(self.seed, matrix, y)
        self.languages = dict(Counter(language.detect(row.subject.text) for row in rows))
        return self

    def predict_proba(self, subjects: Sequence[Subject]) -> np.ndarray:
        scores = _as_matrix(self.classifier.decision_function(self.features.transform(subjects)))
        probabilities: np.ndarray = self.calibrator.predict_proba(scores)
        return probabilities

    def predict(self, subjects: Sequence[Subject]) -> np.ndarray:
        best: np.ndarray = self.classes[
            np.argmax(self.predict_proba(subjects) * self.weights, axis=1)
        ]
        return best

    def focused_probability(self, probabilities: np.ndarray) -> np.ndarray:
        """P(marker 1 or 2): the columns of every class above 0."""
        focused: np.ndarray = probabilities[:, self.classes > 0].sum(axis=1)
        return focused

    def readable_languages(self) -> list[str]:
        return [code for code, n in self.languages.items() if code and n >= MIN_LANGUAGE_ROWS]

    def refusal(self, subject: Subject) -> str:
        """Why this subject gets no score ("" = it can be scored)."""
        if not subject.text:
            return "no title or description to read"
        code = language.detect(subject.text)
        readable = self.readable_languages()
        if code and code not in readable:
            known = ", ".join(language.name(c) for c in sorted(readable))
            return f"its text is in {language.name(code)}; the model was trained on {known}"
        if code:
            return ""
        known_words, words = self.features.word_coverage(subject)
        if words and known_words / words < MIN_KNOWN_WORDS:
            return (
                f"unknown language: only {known_words} of its {words} words are in the "
                "vocabulary of the training data"
            )
        return ""

    def direction(self) -> np.ndarray:
        """Per feature, how much it pushes towards focused (marker above 0)."""
        coef: np.ndarray = self.classifier.coef_
        direction: np.ndarray
        if coef.shape[0] == 1:
            direction = coef[0]
        else:
            direction = coef[self.classes > 0].mean(axis=0) - coef[self.classes == 0][0]
        return direction

    def suggest(self, subjects: Sequence[Subject], reasons: int = 5) -> list[Suggestion | Refusal]:
        refusals = [self.refusal(subject) for subject in subjects]
        readable = [s for s, why in zip(subjects, refusals, strict=True) if not why]
        out: list[Suggestion | Refusal] = []
        if readable:
            matrix = self.features.transform(readable)
            scores = _as_matrix(self.classifier.decision_function(matrix))
            probabilities = self.calibrator.predict_proba(scores)
            chosen = self.classes[np.argmax(probabilities * self.weights, axis=1)]
            focused = self.focused_probability(probabilities)
            contributions = matrix.multiply(np.where(self.common, 0.0, self.direction())).tocsr()
        position = 0
        for subject, why in zip(subjects, refusals, strict=True):
            if why:
                out.append(Refusal(subject.key, why))
                continue
            # The row's slice of the CSR arrays (getrow would build a matrix per activity).
            span = slice(contributions.indptr[position], contributions.indptr[position + 1])
            weights, columns = contributions.data[span], contributions.indices[span]
            weighed = np.flatnonzero(weights)
            order = weighed[np.argsort(-np.abs(weights[weighed]), kind="stable")[:reasons]]
            out.append(
                Suggestion(
                    key=subject.key,
                    probability=float(focused[position]),
                    score=int(chosen[position]),
                    probabilities={
                        int(c): float(p)
                        for c, p in zip(self.classes, probabilities[position], strict=True)
                    },
                    reasons=tuple(
                        Reason(str(self.features.names[columns[i]]), float(weights[i]))
                        for i in order
                    ),
                )
            )
            position += 1
        return out
