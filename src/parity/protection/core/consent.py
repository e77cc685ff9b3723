"""Consent rules: which recorded consent allows a referral or a cross-border transfer.

The latest record for a purpose (and, for referrals, for the named agency) is what counts: a
withdrawal after a consent cancels it, and a consent given again later restores it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ConsentRecord:
    seq: int  # order of recording (the row id): ties on the same date go to the later row
    purpose: str
    agency_id: int | None  # the named receiver, for referral and cross_border consent
    given: bool
    on: date
    recorded_at: datetime | None = None  # when it was entered (``on`` may be an earlier day)


def current(
    records: Iterable[ConsentRecord],
    purpose: str,
    agency_id: int | None = None,
    any_agency: bool = False,
) -> ConsentRecord | None:
    """The latest record for the purpose (and agency, when one is named), or None.

    With ``any_agency`` a record that names no agency also counts (a cross-border consent may
    be given for any receiver); a referral consent always names its receiver."""
    accepted = {agency_id, None} if any_agency else {agency_id}
    matching = [
        r
        for r in records
        if r.purpose == purpose and (agency_id is None or r.agency_id in accepted)
    ]
    return max(matching, key=lambda r: (r.on, r.seq), default=None)


def referral_refusal(
    records: Iterable[ConsentRecord], to_agency_id: int, cross_border: bool
) -> str | None:
    """None when the consents allow the referral, else why not (a sentence for the user)."""
    records = list(records)
    for purpose in ("referral", "cross_border") if cross_border else ("referral",):
        latest = current(records, purpose, to_agency_id, any_agency=purpose == "cross_border")
        what = "referral to this agency" if purpose == "referral" else "cross-border transfer"
        if latest is None:
            return f"The survivor has not consented to {what}."
        if not latest.given:
            return f"The survivor withdrew consent to {what} on {latest.on.isoformat()}."
    return None


def _deciding(
    records: list[ConsentRecord], to_agency_id: int, cross_border: bool
) -> list[ConsentRecord]:
    """The records that decide a referral today: the latest per purpose it needs."""
    found = []
    for purpose in ("referral", "cross_border") if cross_border else ("referral",):
        latest = current(records, purpose, to_agency_id, any_agency=purpose == "cross_border")
        if latest is not None:
            found.append(latest)
    return found


def withdrawal_stops(
    records: Iterable[ConsentRecord], withdrawal_seq: int, to_agency_id: int, cross_border: bool
) -> bool:
    """Does the withdrawal recorded as ``withdrawal_seq`` now decide this referral (so that the
    referral must stop)? An unrelated withdrawal leaves it alone, even if it was a supervisor's
    override of missing consent."""
    return any(
        r.seq == withdrawal_seq and not r.given
        for r in _deciding(list(records), to_agency_id, cross_border)
    )


def acceptance_refusal(
    records: Iterable[ConsentRecord],
    to_agency_id: int,
    cross_border: bool,
    sent_at: datetime,
    overridden: bool,
) -> str | None:
    """None when a pending referral may be accepted now, else why not. Consent must still be
    there; a supervisor's override stands, unless the survivor withdrew after it was sent."""
    records = list(records)
    refusal = referral_refusal(records, to_agency_id, cross_border)
    if refusal is None or not overridden:
        return refusal
    withdrawn_since = any(
        not r.given and r.recorded_at is not None and r.recorded_at > sent_at
        for r in _deciding(records, to_agency_id, cross_border)
    )
    return refusal if withdrawn_since else None


def statistics_allowed(records: Iterable[ConsentRecord]) -> bool:
    latest = current(records, "statistics")
    return bool(latest and latest.given)
