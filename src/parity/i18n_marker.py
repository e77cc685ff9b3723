"""Marks display strings of pure packages for translation without importing Django.

``makemessages`` collects every literal passed to a function named ``gettext_noop`` into the
catalogues; the pure code keeps the English words, and Django code translates them when it
shows them (``gettext(value)``, the ``translated`` template filter).
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """The message unchanged: the name alone makes makemessages collect it."""
    return message
