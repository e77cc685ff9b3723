"""Services: every read of a case and every write of the protection module, by subject.

Each function takes an ``Actor``, asks ``core.access.decide`` through ``access.check_case`` or
``open_case``, checks the current state, writes in one transaction with its audit row, and raises
``ProtectionError`` with a message for the user when it refuses. A refusal is audited after the
rollback (``base.run``), so the attempt is on record while nothing changed. The names callers use
are importable from here.
"""

from parity.protection.services.access import membership_of, open_case, relation, require_agency
from parity.protection.services.base import (
    AccessWithdrawnError,
    CaseNotFoundError,
    NotAllowedError,
    ProtectionError,
)
from parity.protection.services.cases import (
    IDENTITY_FIELDS,
    NUMBER_ALPHABET,
    case_close,
    case_decide,
    case_edit,
    case_open,
    case_screen,
    contact_log,
    followup_add,
    identity_of,
    new_case_number,
    reveal_identity,
    service_add,
    text_of,
)
from parity.protection.services.consent import consent_record, consent_records
from parity.protection.services.export import export_rows
from parity.protection.services.referrals import referral_respond, referral_revoke, referral_send

__all__ = [
    "IDENTITY_FIELDS",
    "NUMBER_ALPHABET",
    "AccessWithdrawnError",
    "CaseNotFoundError",
    "NotAllowedError",
    "ProtectionError",
    "case_close",
    "case_decide",
    "case_edit",
    "case_open",
    "case_screen",
    "consent_record",
    "consent_records",
    "contact_log",
    "export_rows",
    "followup_add",
    "identity_of",
    "membership_of",
    "new_case_number",
    "open_case",
    "referral_respond",
    "referral_revoke",
    "referral_send",
    "relation",
    "require_agency",
    "reveal_identity",
    "service_add",
    "text_of",
]
