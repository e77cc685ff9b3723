"""The one access decision of the protection module, as a pure function.

Every view, API endpoint and service asks ``decide`` with the user's role, their relationship to
the case and the action. The answer is ALLOW, FORBIDDEN (403: the user may see the case but not
do this) or NOT_FOUND (404: the user has no business with the case, so its existence is not
confirmed either). The permission-matrix tests walk every combination.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALLOW, FORBIDDEN, NOT_FOUND = "allow", "forbidden", "not_found"

COUNSELLOR, CASE_WORKER, MDT_MEMBER = "counsellor", "case_worker", "mdt_member"
SUPERVISOR, AUDITOR, STATISTICS = "supervisor", "auditor", "statistics"
# Roles that work with survivors: only they see identifying details.
CASE_ROLES = frozenset({COUNSELLOR, CASE_WORKER, SUPERVISOR})

# Case-level actions.
READ = "read"  # open the case page (sections filtered by ``section_visible``)
REVEAL = "reveal"  # show or export identifying details (also needs recent re-authentication)
EDIT = "edit"  # identity, profile, screening, consents
DECIDE = "decide"  # the formal identification decision (team members only)
SERVICE = "service"  # add or update services and follow-ups
REFER = "refer"  # send, or revoke, a referral
OVERRIDE = "override"  # refer without consent, with a written reason
CLOSE = "close"
AUDIT = "audit"  # read the case's audit trail
CASE_ACTIONS = (READ, REVEAL, EDIT, DECIDE, SERVICE, REFER, OVERRIDE, CLOSE, AUDIT)

# Agency-level actions (no case involved).
LIST = "list"  # the case list and incoming referrals
INTAKE = "intake"  # log a contact, open a case
RESPOND = "respond"  # accept or decline a referral addressed to the agency
STATS = "stats"  # de-identified aggregates
EXPORT = "export"  # de-identified HTCDS records (re-authentication required)
ENROL = "enrol"  # issue a member's second-factor enrolment code (re-authentication required)
AGENCY_ACTIONS = (LIST, INTAKE, RESPOND, STATS, EXPORT, ENROL)

_AGENCY_RULES = {
    LIST: frozenset({COUNSELLOR, CASE_WORKER, MDT_MEMBER, SUPERVISOR, AUDITOR}),
    INTAKE: frozenset({COUNSELLOR, CASE_WORKER, SUPERVISOR}),
    RESPOND: frozenset({CASE_WORKER, SUPERVISOR}),
    STATS: frozenset({SUPERVISOR, AUDITOR, STATISTICS}),
    EXPORT: frozenset({SUPERVISOR, AUDITOR}),
    ENROL: frozenset({SUPERVISOR}),
}
# Who may write to a case their agency owns.
_OWNER_WRITES = {
    EDIT: frozenset({COUNSELLOR, CASE_WORKER, SUPERVISOR}),
    SERVICE: frozenset({CASE_WORKER, SUPERVISOR}),
    REFER: frozenset({CASE_WORKER, SUPERVISOR}),
    OVERRIDE: frozenset({SUPERVISOR}),
    CLOSE: frozenset({CASE_WORKER, SUPERVISOR}),
    AUDIT: frozenset({SUPERVISOR, AUDITOR}),
}
# A team member who is not in the owning agency sees what a decision needs, nothing more.
TEAM_SECTIONS = frozenset({"profile", "screening", "identification"})
DECIDERS = frozenset({MDT_MEMBER, CASE_WORKER, SUPERVISOR})


@dataclass(frozen=True)
class Relation:
    """How a user stands to one case."""

    owner: bool = False  # the user's agency owns the case
    in_team: bool = False  # the user is a member of the case's multi-disciplinary team
    # Sections shared with the user's agency by accepted referrals; None = no accepted referral.
    shared: frozenset[str] | None = field(default=None)

    @property
    def receiver(self) -> bool:
        return self.shared is not None


OUTSIDER = Relation()


def can_see_case(role: str | None, rel: Relation) -> bool:
    if role is None or role == STATISTICS:
        return False
    return rel.owner or rel.receiver or rel.in_team


def section_visible(role: str | None, rel: Relation, section: str) -> bool:
    """Field-level rule: may the user see this section of a case they can open?"""
    if not can_see_case(role, rel):
        return False
    if section == "identity":
        return role in CASE_ROLES and (rel.owner or "identity" in (rel.shared or ()))
    if rel.owner:
        return True
    if rel.receiver and section in (rel.shared or ()):
        return True
    return rel.in_team and section in TEAM_SECTIONS


def decide(role: str | None, rel: Relation, action: str) -> str:
    """ALLOW, FORBIDDEN or NOT_FOUND for a case-level action."""
    if action not in CASE_ACTIONS:
        raise ValueError(f"unknown case action {action!r}")
    if not can_see_case(role, rel):
        return NOT_FOUND
    if action == READ:
        return ALLOW
    if action == REVEAL:
        return ALLOW if section_visible(role, rel, "identity") else FORBIDDEN
    if action == DECIDE:
        return ALLOW if rel.in_team and role in DECIDERS else FORBIDDEN
    if rel.owner:
        return ALLOW if role in _OWNER_WRITES.get(action, ()) else FORBIDDEN
    if rel.receiver and action == SERVICE:
        shared = rel.shared or frozenset()
        if role in _OWNER_WRITES[SERVICE] and {"services", "followups"} & shared:
            return ALLOW
    return FORBIDDEN


def decide_agency(role: str | None, action: str) -> str:
    """ALLOW or FORBIDDEN for an agency-level action; no role at all is NOT_FOUND (the module
    does not exist for people outside it)."""
    if action not in _AGENCY_RULES:
        raise ValueError(f"unknown agency action {action!r}")
    if role is None:
        return NOT_FOUND
    return ALLOW if role in _AGENCY_RULES[action] else FORBIDDEN
