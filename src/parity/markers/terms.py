"""Word lists (``gender_terms.json``) and the text matching the evidence rules use.

Matching is deliberately simple and explainable: lower-cased whole words or phrases, so a flag
can say which word was (or was not) found. It is a heuristic and is presented as one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from parity.iati.model import Narrative
from parity.markers._fields import Fields

# Publishers type apostrophes and hyphens in many ways (curly quote, modifier letter, Unicode
# hyphens, en dash); "women\u2019s" must match "women's". Escapes keep the source unambiguous.
_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width forms), case-folded, unified apostrophes/hyphens, single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True)
class TermList:
    name: str
    pattern: re.Pattern[str]

    def find(self, texts: Iterable[str]) -> str | None:
        """The first term found in any of ``texts`` (as written in the text), else None."""
        for text in texts:
            match = self.pattern.search(normalise(text))
            if match:
                return match.group(0)
        return None


def narrative_texts(*groups: Iterable[Narrative]) -> list[str]:
    return [narrative.text for group in groups for narrative in group]


def _compile(fields: Fields, key: str) -> str:
    parts: list[str] = []
    for _, group in fields.objects(key, {"lang", "match", "terms"}):
        group.text("lang")
        match = group.text("match")
        if match not in ("word", "substring"):
            raise group.error("match", f"{match!r} is neither 'word' nor 'substring'")
        # Longest first, so the reported term is the full phrase rather than a word inside it.
        terms = sorted(map(normalise, group.text_list("terms")), key=len, reverse=True)
        escaped = "|".join(re.escape(term) for term in terms)
        parts.append(rf"(?<!\w)(?:{escaped})(?!\w)" if match == "word" else f"(?:{escaped})")
    return "|".join(parts)


@cache
def term_list(name: str) -> TermList:
    """A named list from the bundled word-list file (SchemeError for an unknown name)."""
    entry = files("parity.markers").joinpath("gender_terms.json")
    top = Fields(json.loads(entry.read_bytes()), entry.name, "", {"about", "lists"})
    lists = Fields(top.raw("lists"), entry.name, "lists", {"gender_specific", "equality_objective"})
    return TermList(name, re.compile(_compile(lists, name)))
