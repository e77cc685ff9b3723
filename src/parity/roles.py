"""Who may do what in gender reviews. Services and views both ask ``can``; nothing else decides.

Roles are Django groups (created by a data migration). Each role includes the ones below it:
a reviewer can also answer checklists, so one person can prepare a review and another approve it.
Nobody approves or returns their own submission (four eyes), whatever their role.
"""

from __future__ import annotations

from typing import Any

from parity.i18n_marker import gettext_noop

VIEWER = gettext_noop("viewer")
EDITOR = gettext_noop("editor")
REVIEWER = gettext_noop("reviewer")
ADMINISTRATOR = gettext_noop("administrator")
ROLES = (VIEWER, EDITOR, REVIEWER, ADMINISTRATOR)  # lowest first

VIEW = "view"  # read review pages, the portfolio and exports
EDIT = "edit"  # start a review, answer the checklist, propose a marker, save
SUBMIT = "submit"
REOPEN = "reopen"  # returned -> draft
APPROVE = "approve"
RETURN = "return"
TAG = "tag"  # add or remove priority-area and pillar tags by hand
ACTIONS = (VIEW, EDIT, SUBMIT, REOPEN, APPROVE, RETURN, TAG)

_LOWEST_ROLE = {
    VIEW: VIEWER,
    EDIT: EDITOR,
    SUBMIT: EDITOR,
    REOPEN: EDITOR,
    TAG: EDITOR,
    APPROVE: REVIEWER,
    RETURN: REVIEWER,
}


def role_of(user: Any) -> str | None:
    """The user's highest role; a superuser is an administrator; None for anonymous users and
    for accounts without a role group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    if hasattr(user, "_parity_role"):  # cached on the user object for this request
        cached: str | None = user._parity_role
        return cached
    names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    role = next((name for name in reversed(ROLES) if name in names), None)
    user._parity_role = role
    return role


def can(user: Any, action: str) -> bool:
    if action not in _LOWEST_ROLE:
        raise ValueError(f"unknown action {action!r} (actions are: {', '.join(ACTIONS)})")
    role = role_of(user)
    if role is None:
        return False
    return ROLES.index(role) >= ROLES.index(_LOWEST_ROLE[action])


def sees_people(user: Any) -> bool:
    """Whether the user may see who did what (an upload's uploader): staff, that is anyone with
    a role. The public and accounts without a role see the work, not the names."""
    return role_of(user) is not None
