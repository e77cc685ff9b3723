"""Word lists (``words/<language>.json``, one file per language) and the text matching the
evidence rules use.

Matching is deliberately simple and explainable: lower-cased whole words or phrases, so a flag
can say which word was (or was not) found. It is a heuristic and is presented as one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import ahocorasick

from parity.iati.model import Narrative
from parity.markers._fields import Fields
from parity.markers.errors import SchemeError

# Publishers type apostrophes and hyphens in many ways (curly quote, modifier letter, Unicode
# hyphens, en dash); "women\u2019s" must match "women's". Escapes keep the source unambiguous.
_FOLD = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u2013", "-"),
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=2048)
def normalise(text: str) -> str:
    """NFKC (full-width forms), case-folded, unified apostrophes/hyphens, single spaces.

    Cached: the rules search the same title and descriptions for several lists, and a
    portfolio repeats texts (a provider's standard descriptions). ``str.replace`` where the
    character occurs is several times faster than ``str.translate`` over a long text."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for old, new in _FOLD:
        if old in folded:
            folded = folded.replace(old, new)
    return _SPACES.sub(" ", folded).strip()


# A term matched as a whole word needs a non-word character (or the text's edge) on each side.
_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class Term:
    text: str  # normalised
    # (position of the language file, matched as a whole word?) for each file that lists it
    languages: tuple[tuple[int, bool], ...]


@dataclass(frozen=True, eq=False)
class TermList:
    """One list's terms in every language, searched in a single pass over a text (an
    Aho-Corasick automaton: its cost does not grow with the number of terms, unlike a regular
    expression alternating between them)."""

    name: str
    automaton: ahocorasick.Automaton

    def find(self, texts: Iterable[str]) -> str | None:
        """The first term found in any of ``texts`` (as written in the text), else None."""
        for text in texts:
            found = _first(self, text)
            if found is not None:
                return found
        return None


@lru_cache(maxsize=2048)
def _first(terms: TermList, text: str) -> str | None:
    """The leftmost term in ``text``; at the same place, the term of the first language file,
    then the longest (so the full phrase is reported rather than a word inside it)."""
    folded = normalise(text)
    best: tuple[tuple[int, int, int], str] | None = None
    for end, term in terms.automaton.iter(folded):
        start = end + 1 - len(term.text)
        for order, whole_word in term.languages:
            if whole_word and (_word_at(folded, start - 1) or _word_at(folded, end + 1)):
                continue
            rank = (start, order, -len(term.text))
            if best is None or rank < best[0]:
                best = (rank, term.text)
            break
    return best[1] if best else None


def _word_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and _WORD_CHARACTER.match(text, index) is not None


def narrative_texts(*groups: Iterable[Narrative]) -> list[str]:
    return [narrative.text for group in groups for narrative in group]


# The lists every language file carries; a rule asks for one by name.
LIST_NAMES = frozenset(
    {"gender_specific", "equality_objective", "gender_analysis", "people_count", "evaluation"}
)


def _terms(fields: Fields, name: str) -> tuple[bool, list[str]]:
    """One language file's terms for list ``name``, normalised, and whether each must match
    as a whole word."""
    fields.text("lang")
    match = fields.text("match")
    if match not in ("word", "substring"):
        raise fields.error("match", f"{match!r} is neither 'word' nor 'substring'")
    lists = Fields(fields.raw("lists"), fields.source, "lists", set(LIST_NAMES))
    return match == "word", [normalise(term) for term in lists.text_list(name)]


@cache
def term_list(name: str) -> TermList:
    """A named list, gathered from every bundled language file (SchemeError for an unknown
    name or a malformed file, naming the file and the field)."""
    if name not in LIST_NAMES:
        known = ", ".join(sorted(LIST_NAMES))
        raise SchemeError("words", name, f"no such word list (lists are: {known})")
    folder = files("parity.markers").joinpath("words")
    languages: dict[str, list[tuple[int, bool]]] = {}
    entries = sorted(folder.iterdir(), key=lambda item: item.name)
    for order, entry in enumerate(e for e in entries if e.name.endswith(".json")):
        fields = Fields(
            json.loads(entry.read_bytes()), entry.name, "", {"about", "lang", "match", "lists"}
        )
        whole_word, terms = _terms(fields, name)
        for term in terms:
            languages.setdefault(term, []).append((order, whole_word))
    automaton = ahocorasick.Automaton()
    for term, found_in in languages.items():
        automaton.add_word(term, Term(term, tuple(found_in)))
    automaton.make_automaton()
    return TermList(name, automaton)
