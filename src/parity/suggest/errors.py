"""The one error a suggestion step raises on bad input; its message names what and where."""

from __future__ import annotations


class SuggestError(Exception):
    """Bad input to training, evaluating or suggesting (no data, one class, wrong model file)."""
