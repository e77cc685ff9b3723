"""What a source's own status words amount to, so a page can say where they and Parity differ.

The words are the source's (e.g. "being steadily implemented"); Parity only reads them. The
first phrase found wins, so the longer phrases that contain a shorter one come first.
"""

from __future__ import annotations

from parity.progress.status import Status

REPORTED_WORDS: tuple[tuple[str, Status], ...] = (
    ("not achieved", Status.NOT_ACHIEVED),
    ("not started", Status.NOT_STARTED),
    ("at risk", Status.AT_RISK),
    ("delayed", Status.AT_RISK),
    ("fully implemented", Status.ACHIEVED),
    ("achieved", Status.ACHIEVED),
    ("completed", Status.ACHIEVED),
    ("on track", Status.ON_TRACK),
    ("being steadily implemented", Status.ON_TRACK),
    ("being implemented", Status.ON_TRACK),
)


def reported_reading(text: str) -> Status | None:
    """The status the source's wording amounts to, or None when it says nothing clear."""
    lowered = text.lower()
    return next((status for words, status in REPORTED_WORDS if words in lowered), None)


def differs_from_reported(status: Status, reported: str) -> bool:
    """Whether the source's words name a status other than ``status`` (unclear words never do)."""
    if status is Status.CANNOT_VERIFY:  # no figure to differ from: the page says so instead
        return False
    reading = reported_reading(reported)
    return reading is not None and reading != status
