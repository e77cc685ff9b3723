"""From activities to numbers: word n-grams of the text and one-hot codes.

Words are Unicode word runs; a run in a script written without spaces (Japanese, Chinese) is
cut into overlapping two-character pieces, the usual way to index such text, so 女性 ("women")
is a feature even inside a long sentence. Character n-grams over Latin text were measured and
left out: they added about 0.003 F1 and made features four times slower (docs/suggestions.md).
Codes are one-hot: the DAC purpose code and its 3-digit sector, the provider, the aid type.
Every column keeps a readable name ("word: women", "purpose: 15170") so the model can say
what weighed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from parity.suggest.rows import Subject

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAS_CJK = re.compile(f"[{CJK}]")
CJK_RUN_OR_WORD = re.compile(f"[{CJK}]+|(?:(?![{CJK}])\\w){{2,}}")
WORD = re.compile(r"\w\w+")


def tokenize(text: str) -> list[str]:
    """Words of two or more characters; CJK runs as overlapping character pairs."""
    if not HAS_CJK.search(text):
        return WORD.findall(text)
    tokens: list[str] = []
    for token in CJK_RUN_OR_WORD.findall(text):
        if HAS_CJK.match(token):
            tokens.extend(token[i : i + 2] for i in range(max(1, len(token) - 1)))
        else:
            tokens.append(token)
    return tokens


def clean_text(subject: Subject) -> str:
    """NFKC folds full-width forms (common in Japanese reporting) to their plain form."""
    return unicodedata.normalize("NFKC", subject.text).lower()


CODE_KINDS = ("purpose", "provider", "aid type")


def code_fields(subject: Subject, kinds: Iterable[str] = CODE_KINDS) -> dict[str, float]:
    fields = {}
    if "purpose" in kinds:
        for code in subject.purpose_codes:
            fields[f"purpose: {code}"] = 1.0
            fields[f"sector: {code[:3]}"] = 1.0
    if "provider" in kinds and subject.provider:
        fields[f"provider: {subject.provider.strip()}"] = 1.0
    if "aid type" in kinds and subject.aid_type:
        fields[f"aid type: {subject.aid_type.strip().upper()}"] = 1.0
    return fields


def has_kind(subject: Subject, kind: str) -> bool:
    return bool(
        {
            "purpose": subject.purpose_codes,
            "provider": subject.provider,
            "aid type": subject.aid_type,
        }[kind]
    )


def shared_kinds(sources: Iterable[Sequence[Subject]]) -> tuple[str, ...]:
    """The code kinds most rows of EVERY source have. A kind one source lacks (PARIS21 has no
    purpose or aid type) would otherwise teach the model which source a row came from, whose
    share of focused rows differs, instead of anything about the activity."""
    kinds = list(CODE_KINDS)
    for subjects in sources:
        if subjects:
            kinds = [k for k in kinds if sum(has_kind(s, k) for s in subjects) * 2 >= len(subjects)]
    return tuple(kinds)


class FeatureSpace:
    """Fitted on training subjects; turns any subjects into one sparse matrix."""

    def __init__(self, max_words: int = 200_000, kinds: tuple[str, ...] = CODE_KINDS) -> None:
        self.kinds = kinds
        self.words = TfidfVectorizer(
            tokenizer=tokenize,
            token_pattern=None,
            lowercase=False,  # clean_text has folded case already
            ngram_range=(1, 2),
            min_df=2,
            sublinear_tf=True,
            max_features=max_words,
            dtype=np.float32,
        )
        self.codes = DictVectorizer(dtype=np.float32)
        self.names: np.ndarray = np.array([], dtype=object)

    def fit_transform(self, subjects: Sequence[Subject]) -> sp.csr_matrix:
        texts = [clean_text(subject) for subject in subjects]
        words = self.words.fit_transform(texts)
        codes = self.codes.fit_transform([code_fields(subject, self.kinds) for subject in subjects])
        self.names = np.array(
            [f"word: {name}" for name in self.words.get_feature_names_out()]
            + list(self.codes.get_feature_names_out()),
            dtype=object,
        )
        return sp.hstack([words, codes], format="csr")

    def transform(self, subjects: Sequence[Subject]) -> sp.csr_matrix:
        texts = [clean_text(subject) for subject in subjects]
        words = self.words.transform(texts)
        codes = self.codes.transform([code_fields(subject, self.kinds) for subject in subjects])
        return sp.hstack([words, codes], format="csr")

    def word_coverage(self, subject: Subject) -> tuple[int, int]:
        """(words of the text the vocabulary knows, words of the text): the language check."""
        tokens = tokenize(clean_text(subject))
        vocabulary = self.words.vocabulary_
        return sum(1 for token in tokens if token in vocabulary), len(tokens)
