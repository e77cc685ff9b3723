"""Recording consent on a case (the rules and their effects are ``services.consent``)."""

from __future__ import annotations

from parity.protection import forms, services
from parity.protection.audit import Actor
from parity.protection.views.common import post_form


@post_form(forms.ConsentForm)
def case_consent(actor: Actor, number: str, data: dict) -> None:
    services.consent_record(actor, number, **data)
