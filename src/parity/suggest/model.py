"""The suggestion model: linear classifiers over the same words and codes, one pair per
threshold of the marker (1 or more = focused; 2 = principal), each pair stacked and
calibrated, and the reasons (the words and codes that weighed most) for each score.

Per threshold, two classifiers differ only in how strongly they are held back: a "detailed"
one (alpha 1e-5) that trusts rare words, and a "smooth" one (alpha 1/rows, the strength of
scikit-learn's default logistic regression) that spreads weight over many common words. Both
weight classes by rarity. A 0/1/2 marker is ordered, so it is learnt as two yes/no questions
(at least 1? 2?) rather than three unordered classes; this won in the training sides' own
grouped folds (docs/suggestions.md).

Training (all on the training rows only):
1. features fitted once (vocabulary, idf, code columns);
2. out-of-fold decision scores of both classifiers of each threshold from 3 grouped folds, so
   the calibration is learnt on scores of texts the classifiers did not see;
3. per threshold, stacking and calibration in one: a logistic regression from both
   classifiers' scores to the probability of that threshold; the class probabilities are
   P(0) = 1 - P(>=1), P(1) = P(>=1) - P(2), P(2) = min(P(2), P(>=1));
4. the suggested marker: for 0/1/2, the largest of the class-balanced ordinal probabilities
   (each classifier's own, averaged over the two) averaged half and half with a "partner":
   a class-balanced multinomial logistic regression on plain TF-IDF words, each project
   weighted 1 / its rows (no tuning); for focused/not, the calibrated probabilities times a
   class weight searched for the best F1 out of fold;
5. every classifier refitted on all training rows.

The focused threshold is linear in the features up to its calibration's sigmoid, so a
feature's contribution to the calibrated log-odds of focus is exact: the reasons are those
contributions, for a 0/1/2 model as for a focused/not one.
"""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
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


def _scores(classifiers: Sequence[SGDClassifier], matrix: sp.csr_matrix) -> np.ndarray:
    """Both classifiers' decision scores (log-odds) side by side: what a calibration reads."""
    return np.column_stack([c.decision_function(matrix) for c in classifiers])


def _ordinal(above: Sequence[np.ndarray]) -> np.ndarray:
    """Class probabilities from P(label >= 1) [, P(label >= 2)]: one column per class."""
    columns = [np.asarray(p, dtype=float) for p in above]
    for t in range(1, len(columns)):  # P(>= 2) can never exceed P(>= 1)
        columns[t] = np.minimum(columns[t], columns[t - 1])
    columns.append(np.zeros_like(columns[0]))
    return np.column_stack(
        [1 - columns[0]] + [columns[t] - columns[t + 1] for t in range(len(columns) - 1)]
    )


def _balanced(scores: Sequence[np.ndarray]) -> np.ndarray:
    """The decision's class probabilities: per classifier (detailed, smooth), the ordinal
    probabilities of its own class-balanced sigmoids, averaged over the two. Balanced
    probabilities weigh every class as if equally common, which is what macro-F1 rewards."""
    per_strength = [_ordinal([expit(s[:, k]) for s in scores]) for k in range(scores[0].shape[1])]
    balanced: np.ndarray = np.mean(per_strength, axis=0)
    return balanced


def project_weights(row_groups: Sequence[int]) -> np.ndarray:
    """Per row, 1 / (rows of its project group), scaled to a mean of 1: a project reported
    over many CRS rows (the housing set's largest groups hold 55-90 rows of one label) counts
    once, not once a row."""
    _, inverse, counts = np.unique(np.asarray(row_groups), return_inverse=True, return_counts=True)
    weights: np.ndarray = 1.0 / counts[inverse]
    scaled: np.ndarray = weights * len(weights) / weights.sum()
    return scaled


class Partner:
    """The 0/1/2 decision's second opinion: scikit-learn's TfidfVectorizer() on the text and a
    class-balanced multinomial LogisticRegression, each project weighted 1 / its rows. Its
    words and errors differ from the thresholds' (it finds more principal rows, they more
    precise ones); chosen in the training sides' own grouped folds (docs/suggestions.md,
    fifth round). It only moves the suggested marker, never the probability shown or the
    reasons."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer()
        self.model = LogisticRegression(max_iter=1000, class_weight="balanced")

    def fit(self, texts: Sequence[str], y: np.ndarray, weights: np.ndarray) -> Partner:
        self.model.fit(self.words.fit_transform(texts), y, sample_weight=weights)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        probabilities: np.ndarray = self.model.predict_proba(self.words.transform(texts))
        return probabilities


def _best_weights(probabilities: np.ndarray, y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per-class multipliers of the probabilities whose argmax gives the best F1 (binary)."""
    best, best_f1 = np.ones(len(classes)), -1.0
    for rest in itertools.product(WEIGHT_GRID, repeat=len(classes) - 1):
        weights = np.array((1.0, *rest))
        predicted = classes[np.argmax(probabilities * weights, axis=1)]
        f1 = f1_score(y, predicted, zero_division=0, average="binary", pos_label=classes[-1])
        if f1 > best_f1 + 1e-9:
            best, best_f1 = weights, f1
    return best


def _columns(partner: Partner, classes: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The partner's probabilities in the order of ``classes`` (zero for a class it lacks)."""
    probabilities = partner.predict_proba(texts)
    out = np.zeros((len(texts), len(classes)))
    for k, label in enumerate(partner.model.classes_):
        out[:, np.searchsorted(classes, label)] = probabilities[:, k]
    return out


class MarkerModel:
    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.features = FeatureSpace()
        # Per threshold (label >= 1: focused; label >= 2: principal, 0/1/2 models only): the
        # detailed and the smooth classifier, and the calibration stacking their scores.
        self.thresholds: list[tuple[tuple[SGDClassifier, ...], LogisticRegression]] = []
        self.classes = np.zeros(0, dtype=int)
        self.partner: Partner | None = None  # 0/1/2 models: the decision's second opinion
        self.weights = np.ones(1)  # focused/not models: the decision's class weights
        self.target = "marker"
        self.languages: dict[str, int] = {}
        self.cross_validated: dict[str, float] = {}  # figures on the out-of-fold predictions
        # Columns most training rows have (a housing set's one sector): they shift every score
        # alike, like an intercept, so they are never given as a reason.
        self.common = np.zeros(0, dtype=bool)

    @property
    def classifiers(self) -> tuple[SGDClassifier, ...]:
        """The focused threshold's two classifiers (what the reasons are read from)."""
        return self.thresholds[0][0]

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
        self.classes = np.unique(y)
        row_groups = groups(rows)
        if len(set(row_groups)) < FOLDS:
            raise SuggestError(
                f"the labelled activities hold only {len(set(row_groups))} distinct projects; "
                f"training needs at least {FOLDS}"
            )
        cuts = self.classes[1:]  # label >= 1, and >= 2 for a 0/1/2 model
        above = [(y >= cut).astype(int) for cut in cuts]
        out_of_fold = [np.zeros((len(rows), 2)) for _ in cuts]
        for train, held in GroupKFold(n_splits=FOLDS).split(matrix, y, row_groups):
            for t, target in enumerate(above):
                if len(set(target[train])) < 2:
                    raise SuggestError(
                        f"too few labelled activities scored {cuts[t]} or more to train on"
                    )
                classifiers = _fitted(self.seed, matrix[train], target[train])
                out_of_fold[t][held] = _scores(classifiers, matrix[held])
        calibrators = [
            LogisticRegression(C=10.0, max_iter=1000).fit(scores, target)
            for scores, target in zip(out_of_fold, above, strict=True)
        ]
        calibrated = _ordinal(
            [c.predict_proba(s)[:, 1] for c, s in zip(calibrators, out_of_fold, strict=True)]
        )
        if len(self.classes) == 2:
            self.weights = _best_weights(calibrated, y, self.classes)
        texts = [row.subject.text for row in rows]
        partner_oof = None
        if len(self.classes) > 2:
            weights = project_weights(row_groups)
            partner_oof = np.zeros((len(rows), len(self.classes)))
            for train, held in GroupKFold(n_splits=FOLDS).split(matrix, y, row_groups):
                partner = Partner().fit([texts[i] for i in train], y[train], weights[train])
                partner_oof[held] = _columns(partner, self.classes, [texts[i] for i in held])
            self.partner = Partner().fit(texts, y, weights)
        chosen = self._decide(calibrated, out_of_fold, partner_oof)
        self.cross_validated = metrics.scores(self.target, y, chosen, calibrated[:, 1:].sum(axis=1))
        self.thresholds = [
            (_fitted(self.seed, matrix, target), calibrator)
            for target, calibrator in zip(above, calibrators, strict=True)
        ]
        self.languages = dict(Counter(language.detect(row.subject.text) for row in rows))
        return self

    def _decide(
        self,
        calibrated: np.ndarray,
        scores: Sequence[np.ndarray],
        partner: np.ndarray | None = None,
    ) -> np.ndarray:
        """The suggested label. Focused/not: the calibrated probabilities times the class
        weights tuned for F1 in the out-of-fold predictions. 0/1/2: the largest of the
        class-balanced ordinal probabilities, averaged with the partner's class-balanced
        probabilities when there is one (no tuning: docs/suggestions.md)."""
        if len(self.classes) == 2:
            decided: np.ndarray = self.classes[np.argmax(calibrated * self.weights, axis=1)]
        else:
            balanced = _balanced(scores)
            if partner is not None:
                balanced = (balanced + partner) / 2
            decided = self.classes[np.argmax(balanced, axis=1)]
        return decided

    def _partner(self, subjects: Sequence[Subject]) -> np.ndarray | None:
        if self.partner is None:
            return None
        return _columns(self.partner, self.classes, [subject.text for subject in subjects])

    def _thresholds_scores(self, matrix: sp.csr_matrix) -> list[np.ndarray]:
        return [_scores(classifiers, matrix) for classifiers, _ in self.thresholds]

    def _calibrated(self, scores: Sequence[np.ndarray]) -> np.ndarray:
        return _ordinal(
            [
                calibrator.predict_proba(s)[:, 1]
                for (_, calibrator), s in zip(self.thresholds, scores, strict=True)
            ]
        )

    def predict_proba(self, subjects: Sequence[Subject]) -> np.ndarray:
        """Calibrated probabilities, one column per class."""
        return self._calibrated(self._thresholds_scores(self.features.transform(subjects)))

    def predict(self, subjects: Sequence[Subject]) -> tuple[np.ndarray, np.ndarray]:
        """(the suggested labels, the calibrated class probabilities)."""
        scores = self._thresholds_scores(self.features.transform(subjects))
        calibrated = self._calibrated(scores)
        return self._decide(calibrated, scores, self._partner(subjects)), calibrated

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
        """Per feature, how much it adds to the calibrated log-odds of focus (label 1 or more):
        the calibration's weight on each classifier's score times that classifier's feature
        weights, summed over the two."""
        classifiers, calibrator = self.thresholds[0]
        direction: np.ndarray = sum(
            (w * c.coef_[0] for w, c in zip(calibrator.coef_[0], classifiers, strict=True)),
            start=np.zeros(len(self.features.names)),
        )
        return direction

    def suggest(self, subjects: Sequence[Subject], reasons: int = 5) -> list[Suggestion | Refusal]:
        refusals = [self.refusal(subject) for subject in subjects]
        readable = [s for s, why in zip(subjects, refusals, strict=True) if not why]
        out: list[Suggestion | Refusal] = []
        if readable:
            matrix = self.features.transform(readable)
            scores = self._thresholds_scores(matrix)
            probabilities = self._calibrated(scores)
            chosen = self._decide(probabilities, scores, self._partner(readable))
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
