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


@dataclass(frozen=True)
class TermList:
    name: str
    pattern: re.Pattern[str]

    def find(self, texts: Iterable[str]) -> str | None:
        """The first term found in any of ``texts`` (as written in the text), else None."""
        for text in texts:
            found = _first(self.pattern, text)
            if found is not None:
                return found
        return None


@lru_cache(maxsize=2048)
def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(normalise(text))
    return match.group(0) if match else None


def narrative_texts(*groups: Iterable[Narrative]) -> list[str]:
    return [narrative.text for group in groups for narrative in group]


# The lists every language file carries; a rule asks for one by name.
LIST_NAMES = frozenset(
    {"gender_specific", "equality_objective", "gender_analysis", "people_count", "evaluation"}
)


def _group(fields: Fields, name: str) -> str:
    """One language's terms for list ``name`` as a regular expression alternative."""
    fields.text("lang")
    match = fields.text("match")
    if match not in ("word", "substring"):
        raise fields.error("match", f"{match!r} is neither 'word' nor 'substring'")
    lists = Fields(fields.raw("lists"), fields.source, "lists", set(LIST_NAMES))
    # Longest first, so the reported term is the full phrase rather than a word inside it.
    terms = sorted(map(normalise, lists.text_list(name)), key=len, reverse=True)
    escaped = "|".join(re.escape(term) for term in terms)
    return rf"(?<!\w)(?:{escaped})(?!\w)" if match == "word" else f"(?:{escaped})"


@cache
def term_list(name: str) -> TermList:
    """A named list, gathered from every bundled language file (SchemeError for an unknown
    name or a malformed file, naming the file and the field)."""
    if name not in LIST_NAMES:
        known = ", ".join(sorted(LIST_NAMES))
        raise SchemeError("words", name, f"no such word list (lists are: {known})")
    folder = files("parity.markers").joinpath("words")
    parts = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            fields = Fields(
                json.loads(entry.read_bytes()), entry.name, "", {"about", "lang", "match", "lists"}
            )
            parts.append(_group(fields, name))
    return TermList(name, re.compile("|".join(parts)))
