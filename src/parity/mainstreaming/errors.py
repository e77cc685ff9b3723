"""Refusals of the mainstreaming services; each message is shown to the user as it is."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from parity import roles


class ReviewError(Exception):
    """A refused change to a review; nothing was written."""


class NotAllowedError(ReviewError):
    """The user's role does not allow the change (reviews and tags by hand alike)."""


class StaleReviewError(ReviewError):
    def __init__(self) -> None:
        super().__init__(
            gettext(
                "This review changed since you opened it: nothing was saved. "
                "Reload the page to see the current version, then make your change again."
            )
        )


class EvidenceContradictedError(ReviewError):
    """Criteria answered met that an evidence rule contradicts, not yet confirmed; nothing was
    written. ``contradictions`` lists them (``evidence_check.Contradiction``)."""

    def __init__(self, message: str, contradictions: list[Any]) -> None:
        super().__init__(message)
        self.contradictions = contradictions


class TaggingError(Exception):
    """Priority-area tagging cannot run: what it tags with is not in the database."""


def require(user: Any, action: str, doing: str) -> None:
    """Raise NotAllowedError naming the user's role unless the role allows ``action``."""
    if not roles.can(user, action):
        role = roles.role_of(user)
        raise NotAllowedError(
            gettext("You cannot %(doing)s: your role is %(role)s.")
            % {"doing": gettext(doing), "role": gettext(role) if role else gettext("no role")}
        )
