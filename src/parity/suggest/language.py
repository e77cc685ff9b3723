"""Which language a text is in, roughly: enough to refuse a text the model cannot read.

Japanese/Chinese/Korean by script; Latin-script languages by their commonest function words.
A text with too few such words is "unknown" and is left to the vocabulary check instead.
"""

from __future__ import annotations

import re
from collections import Counter

from parity.suggest.features import HAS_CJK

NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "pt": "Portuguese",
    "nl": "Dutch",
    "it": "Italian",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "th": "Thai",
}
FUNCTION_WORDS = {
    "en": "the and of to in for with on is are by this will from be that as",
    "fr": "le la les des et du pour dans une sur par est au aux avec qui ce",
    "es": "el los las del y para en con una por que se al su como este",
    "de": "der die das und für mit von zu den im ist ein eine auf des dem",
    "pt": "os das dos e para com uma não ao pela pelo em que no na",
    "nl": "de het en van voor met een op te zijn door aan bij dat",
    "it": "il gli della delle e per con una nel degli alla che sono",
}
WORDS = re.compile(r"[^\W\d_]+")
KANA = re.compile("[\u3040-\u30ff]")
HANGUL = re.compile("[\uac00-\ud7af]")
THAI = re.compile("[\u0e00-\u0e7f]")
MIN_HITS = 3


SAMPLE = 600  # characters read: the start of a text says its language as well as the whole


def detect(text: str) -> str:
    """An ISO 639-1 code from NAMES, or "" when the text does not say clearly enough."""
    text = text[:SAMPLE]
    if KANA.search(text):
        return "ja"
    if HANGUL.search(text):
        return "ko"
    if THAI.search(text):
        return "th"
    if HAS_CJK.search(text):
        return "zh"
    words = Counter(WORDS.findall(text.lower()))
    hits = Counter(
        {
            language: sum(words[word] for word in listed if word in words)
            for language, listed in _FUNCTION_SETS.items()
        }
    )
    (best, count), *rest = [*hits.most_common(2), ("", 0)]
    runner_up = rest[0][1]
    return best if count >= MIN_HITS and count > runner_up else ""


def name(code: str) -> str:
    return NAMES.get(code, code or "unknown")


_FUNCTION_SETS = {language: frozenset(words.split()) for language, words in FUNCTION_WORDS.items()}
