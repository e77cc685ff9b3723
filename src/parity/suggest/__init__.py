"""Marker suggestions: a text-and-codes model that scores how likely an unscreened activity is
gender equality focused, the evaluation that measures it honestly, and its versioned file.

Pure Python (no Django): the app side lives in ``parity.mainstreaming.suggestions``.
"""

from parity.suggest.errors import SuggestError
from parity.suggest.rows import LabelledRow, Subject

__all__ = ["LabelledRow", "Subject", "SuggestError"]
