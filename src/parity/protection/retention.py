"""Anonymising closed cases: identifying text goes, the statistical facts stay."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from parity.protection.models import Case, Contact, Decision, FollowUp


def anonymise_expired(cutoff: datetime) -> list[str]:
    with transaction.atomic():
        cases = Case.objects.select_for_update().filter(
            status=Case.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        )
        numbers = list(cases.values_list("number", flat=True))
        ids = list(cases.values_list("pk", flat=True))
        # Sex, age band, nationality, exploitation, indicators, dates, services and outcomes
        # stay: they are what statistics count and identify nobody on their own.
        Case.objects.filter(pk__in=ids).update(identity_ct="", anonymised_at=timezone.now())
        Contact.objects.filter(case_id__in=ids).update(details_ct="")
        Decision.objects.filter(case_id__in=ids).update(basis_ct="")
        FollowUp.objects.filter(case_id__in=ids).update(notes_ct="")
    return numbers
