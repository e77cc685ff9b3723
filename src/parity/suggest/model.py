"""The suggestion model: two linear classifiers over the same words and codes, stacked and
calibrated, with a decision rule tuned for F1, and the reasons (the words and codes that
weighed most) for each score.

The two classifiers differ only in how strongly they are held back: a "detailed" one (alpha
1e-5) that trusts rare words, and a "smooth" one (alpha 1/rows, the strength of
scikit-learn's default logistic regression) that spreads weight over many common words. Both
weight classes by rarity. Stacking the two beat either alone in the training rows' own
grouped folds (docs/suggestions.md).

Training (all on the training rows only):
1. features fitted once (vocabulary, idf, code columns);
2. out-of-fold decision scores of both classifiers from 3 grouped folds, so calibration and
   the decision rule are learnt on scores of texts the classifiers did not see;
3. stacking and calibration in one: a multinomial logistic regression from both classifiers'
   scores to probabilities, which also learns how much each classifier counts;
4. decision weights per class, searched on the out-of-fold probabilities for the best
   macro-F1 (0/1/2) or focused F1 (binary): the probability shown stays calibrated while the
   suggested score is not biased towards the commonest class;
5. both classifiers refitted on every training row.

Everything before the calibration's softmax is linear in the features, so a feature's
contribution to the calibrated logits is exact: the reasons are those contributions to the
log-odds of focus (binary), or to the mean logit of 1 and 2 against that of 0 (0/1/2).
"""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
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


DETAILED_ALPHA = 1e-5
# The smooth classifier's alpha is SMOOTH_STRENGTH / rows: 1 is scikit-learn's default
# LogisticRegression (C=1); 0.3 and 3 did worse in the training folds (docs/suggestions.md).
SMOOTH_STRENGTH = 1.0


def _classifier(seed: int, alpha: float = DETAILED_ALPHA) -> SGDClassifier:
    # Logistic loss, class-balanced SGD: seconds on 20,000 rows, one core. The detailed alpha
    # 1e-5 measured best of 3e-6/1e-5/3e-5/1e-4 on the housing set (docs/suggestions.md).
    return SGDClassifier(
        loss="log_loss",
        alpha=alpha,
        class_weight="balanced",
        max_iter=50,
        tol=1e-4,
        random_state=seed,
    )


def _fitted(seed: int, matrix: sp.csr_matrix, y: np.ndarray) -> tuple[SGDClassifier, ...]:
    """The detailed and the smooth classifier fitted on the same rows."""
    with warnings.catch_warnings():
        # The epoch budget is fixed on purpose (training time); more epochs measured no better.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return (
            _classifier(seed).fit(matrix, y),
            _classifier(seed, SMOOTH_STRENGTH / matrix.shape[0]).fit(matrix, y),
        )


def _stacked(classifiers: Sequence[SGDClassifier], matrix: sp.csr_matrix) -> np.ndarray:
    """Both classifiers' decision scores side by side: what the calibration reads."""
    return np.hstack([_as_matrix(c.decision_function(matrix)) for c in classifiers])


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
        self.classifiers: tuple[SGDClassifier, ...] = ()
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
        classes: np.ndarray = self.classifiers[0].classes_
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
        scores_per_class = len(classes) if len(classes) > 2 else 1
        out_of_fold = np.zeros((len(rows), 2 * scores_per_class))
        for train, held in folds:
            out_of_fold[held] = _stacked(_fitted(self.seed, matrix[train], y[train]), matrix[held])
        self.calibrator.fit(out_of_fold, y)
        calibrated = self.calibrator.predict_proba(out_of_fold)
        self.weights = _best_weights(calibrated, y, classes)
        chosen = classes[np.argmax(calibrated * self.weights, axis=1)]
        self.cross_validated = metrics.scores(
            self.target, y, chosen, calibrated[:, classes > 0].sum(axis=1)
        )
        self.classifiers = _fitted(self.seed, matrix, y)
        self.languages = dict(Counter(language.detect(row.subject.text) for row in rows))
        return self

    def predict_proba(self, subjects: Sequence[Subject]) -> np.ndarray:
        scores = _stacked(self.classifiers, self.features.transform(subjects))
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
        """Per feature, how much it adds to the calibrated log-odds of focused (marker above 0)
        against 0: the calibration's weight on each classifier's scores times that classifier's
        feature weights, summed over the two."""
        stacking = self.calibrator.coef_  # (1 or classes) x (scores of both classifiers)
        per_classifier = np.split(stacking, len(self.classifiers), axis=1)
        coef: np.ndarray = sum(
            (part @ c.coef_ for part, c in zip(per_classifier, self.classifiers, strict=True)),
            start=np.zeros((stacking.shape[0], len(self.features.names))),
        )
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
            probabilities = self.calibrator.predict_proba(_stacked(self.classifiers, matrix))
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
