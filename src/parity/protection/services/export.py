"""Record-level exports: de-identified facts for the HTCDS, consented cases only."""

from __future__ import annotations

from typing import Any

from parity.protection.audit import Actor
from parity.protection.core import consent as consent_rules
from parity.protection.models import Case, Consent


def export_rows(actor: Actor) -> list[dict[str, Any]]:
    """The agency's cases as de-identified facts for HTCDS, only where the survivor consented to
    statistics (the latest statistics consent is given)."""
    cases = Case.objects.filter(agency_id=actor.agency_id).order_by("opened_at", "pk")
    consents: dict[int, list[consent_rules.ConsentRecord]] = {}
    for c in Consent.objects.filter(case__agency_id=actor.agency_id, purpose="statistics"):
        consents.setdefault(c.case_id, []).append(
            consent_rules.ConsentRecord(c.pk, c.purpose, c.agency_id, c.given, c.on)
        )
    return [
        {
            "year": case.opened_at.year,
            "sex": case.sex,
            "age_band": case.age_band,
            "nationality": case.nationality,
            "identification": case.identification,
            "indicators": case.indicators,
            "exploitation": case.exploitation,
        }
        for case in cases.only(
            "opened_at",
            "sex",
            "age_band",
            "nationality",
            "identification",
            "indicators",
            "exploitation",
        )
        if consent_rules.statistics_allowed(consents.get(case.pk, []))
    ]
