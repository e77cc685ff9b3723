"""Pledge status from progress and elapsed time.

The rules are data: ``STATUS_RULES`` lists them in the order they are tried, in words the
UI shows next to a status, and ``pledge_status`` applies exactly that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from parity.i18n_marker import gettext_noop
from parity.progress.model import Period

# A pledge slightly behind a straight line is still on track: spending is lumpy (one large
# commitment a year is normal), and a 10% margin keeps the status from flickering.
ON_TRACK_TOLERANCE = Decimal("0.9")


class Status(StrEnum):
    NOT_STARTED = gettext_noop("not started")
    CANNOT_VERIFY = gettext_noop("cannot be verified")
    ON_TRACK = gettext_noop("on track")
    AT_RISK = gettext_noop("at risk")
    ACHIEVED = gettext_noop("achieved")
    NOT_ACHIEVED = gettext_noop("not achieved")


@dataclass(frozen=True)
class _Facts:
    share: Decimal
    elapsed: Decimal
    begun: bool
    ended: bool
    has_data: bool


@dataclass(frozen=True)
class StatusRule:
    status: Status
    text: str
    applies: Callable[[_Facts], bool]


STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule(
        Status.NOT_STARTED,
        gettext_noop("not started: the period has not begun"),
        lambda f: not f.begun,
    ),
    # Nothing in scope is not evidence that nothing was done: Parity may simply not hold
    # the data. The page names what is missing beside this status.
    StatusRule(
        Status.CANNOT_VERIFY,
        gettext_noop(
            "cannot be verified: the period has begun and nothing in the data loaded counts "
            "towards the target (the page names the data that is missing)"
        ),
        lambda f: not f.has_data,
    ),
    StatusRule(
        Status.ACHIEVED,
        # xgettext:no-python-format
        gettext_noop("achieved: progress is at least 100%"),
        lambda f: f.share >= 1,
    ),
    StatusRule(
        Status.NOT_ACHIEVED,
        # xgettext:no-python-format
        gettext_noop("not achieved: the period has ended below 100%"),
        lambda f: f.ended,
    ),
    StatusRule(
        Status.ON_TRACK,
        # 90%: ON_TRACK_TOLERANCE, written out so that the catalogues can hold the sentence.
        gettext_noop(
            # xgettext:no-python-format
            "on track: progress is at least 90% of the share of the period elapsed "
            "(e.g. 45% done halfway through)"
        ),
        lambda f: f.share >= f.elapsed * ON_TRACK_TOLERANCE,
    ),
    StatusRule(Status.AT_RISK, gettext_noop("at risk: progress is below that"), lambda f: True),
)

# The rule's words for each status, shown next to a computed status.
RULE_TEXT: dict[Status, str] = {rule.status: rule.text for rule in STATUS_RULES}


def pledge_status(
    progress_share: Decimal, period: Period, today: date, *, has_data: bool
) -> Status:
    """The first rule of ``STATUS_RULES`` that applies; ``progress_share`` 1 means 100%."""
    facts = _Facts(
        share=progress_share,
        elapsed=period.elapsed_share(today),
        begun=today >= period.start,
        ended=today > period.end,
        has_data=has_data,
    )
    return next(rule.status for rule in STATUS_RULES if rule.applies(facts))
