"""What the model must beat, measured on the same splits: the commonest label, the keyword rule
Parity's evidence checks already use, and plain TF-IDF with logistic regression."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from parity.markers.terms import term_list
from parity.suggest.model import MarkerModel, labels_of
from parity.suggest.rows import LabelledRow, Subject


class Majority:
    name = "majority"

    def fit(self, rows: Sequence[LabelledRow]) -> Majority:
        y, _ = labels_of(rows)
        self.label = Counter(y.tolist()).most_common(1)[0][0]
        self.share = float(np.mean(y > 0))
        return self

    def predict(self, subjects: Sequence[Subject]) -> tuple[np.ndarray, np.ndarray]:
        n = len(subjects)
        return np.full(n, self.label), np.full(n, self.share)


class KeywordRule:
    """An equality objective in the text = 2, any gender word = 1, else 0 (binary: 1 if either).
    It gives no probability: its P(focused) is 1 or 0."""

    name = "keyword rule"

    def fit(self, rows: Sequence[LabelledRow]) -> KeywordRule:
        _, self.target = labels_of(rows)
        return self

    def predict(self, subjects: Sequence[Subject]) -> tuple[np.ndarray, np.ndarray]:
        objective, specific = term_list("equality_objective"), term_list("gender_specific")
        labels = []
        for subject in subjects:
            texts = [subject.text]
            label = 2 if objective.find(texts) else 1 if specific.find(texts) else 0
            labels.append(min(label, 1) if self.target == "focused" else label)
        predicted = np.array(labels)
        return predicted, (predicted > 0).astype(float)


class PlainTfidf:
    """scikit-learn's defaults: TfidfVectorizer() on the text, LogisticRegression()."""

    name = "plain TF-IDF + logistic regression"
    class_weight: str | None = None

    def fit(self, rows: Sequence[LabelledRow]) -> PlainTfidf:
        y, _ = labels_of(rows)
        self.vectorizer = TfidfVectorizer()
        matrix = self.vectorizer.fit_transform([row.subject.text for row in rows])
        model = LogisticRegression(max_iter=1000, class_weight=self.class_weight)
        self.model = model.fit(matrix, y)
        return self

    def predict(self, subjects: Sequence[Subject]) -> tuple[np.ndarray, np.ndarray]:
        matrix = self.vectorizer.transform([subject.text for subject in subjects])
        probabilities = self.model.predict_proba(matrix)
        focused = probabilities[:, self.model.classes_ > 0].sum(axis=1)
        return self.model.classes_[np.argmax(probabilities, axis=1)], focused


class BalancedTfidf(PlainTfidf):
    """The same with classes weighted by their rarity: the one change that most helps a rare
    class, measured so that the model's margin is not only that change."""

    name = "TF-IDF + class-balanced logistic regression"
    class_weight = "balanced"


class Parity:
    name = "parity model"

    def fit(self, rows: Sequence[LabelledRow]) -> Parity:
        self.model = MarkerModel().fit(rows)
        return self

    def predict(self, subjects: Sequence[Subject]) -> tuple[np.ndarray, np.ndarray]:
        chosen, probabilities = self.model.predict(subjects)
        return chosen, self.model.focused_probability(probabilities)


METHODS = (Majority, KeywordRule, PlainTfidf, BalancedTfidf, Parity)
