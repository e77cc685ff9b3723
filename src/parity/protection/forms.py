"""Forms: input validation at the edge; the services check rules and state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parity.protection import models as m
from parity.protection.core.indicators import catalogue
from parity.protection.services.statistics import DIMENSIONS as STAT_DIMENSIONS
from parity.protection.services.statistics import MEASURES as STAT_MEASURES


def choose(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The choices after an empty first one: nothing is picked for the counsellor, and a
    required field left at it is refused rather than saved as the first type in the list."""
    return [("", _("Choose…")), *choices]


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=m.CHANNELS, initial="phone")
    caller = forms.ChoiceField(label=_("Caller"), choices=m.CALLERS, initial="anonymous")
    language = forms.CharField(label=_("Language"), max_length=10, initial="th")
    topic = forms.ChoiceField(label=_("Topic"), choices=choose(m.TOPICS))
    risk = forms.ChoiceField(label=_("Risk"), choices=m.RISKS, initial="low")
    action = forms.ChoiceField(label=_("Action taken"), choices=m.CONTACT_ACTIONS)
    details = forms.CharField(
        label=_("Personal details (optional, kept encrypted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class IdentityForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    other_names = forms.CharField(label=_("Other names"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    email = forms.CharField(label=_("Email"), required=False, max_length=200)
    address = forms.CharField(label=_("Exact address"), required=False, max_length=500)
    documents = forms.CharField(label=_("Identity documents"), required=False, max_length=500)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ProfileForm(forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=m.SEXES, initial="unknown")
    age_band = forms.ChoiceField(label=_("Age band"), choices=m.AGE_BANDS, initial="unknown")
    nationality = forms.CharField(
        label=_("Nationality (ISO code)"), max_length=2, required=False, initial=""
    )


class CaseForm(ProfileForm, IdentityForm):
    exploitation = forms.ChoiceField(label=_("Exploitation type"), choices=choose(m.TOPICS))
    team = forms.ModelChoiceField(
        label=_("Multi-disciplinary team"), queryset=m.Team.objects.none(), required=False
    )

    def __init__(self, *args, agency_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = m.Team.objects.filter(
            members__agency_id=agency_id
        ).distinct()


class ScreeningForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label=_("Indicators found"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [
            (i["id"], _(i["label"])) for i in catalogue()["ilo_forced_labour"]
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=m.IDENTIFICATION[2:])
    decided_on = forms.DateField(label=_("Date of decision"), initial=timezone.localdate)
    members = forms.TypedMultipleChoiceField(
        label=_("Members taking part"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    basis = forms.CharField(
        label=_("Basis of the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, team: m.Team | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = team.members.select_related("user", "agency") if team else []
        self.fields["members"].choices = [
            (mm.pk, f"{mm.user.get_username()} ({mm.agency.name})") for mm in members
        ]


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=m.SERVICES)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=m.Agency.objects.all())
    start = forms.DateField(label=_("From"), initial=timezone.localdate)
    end = forms.DateField(label=_("Until"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=m.SERVICE_STATUSES)


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=m.OUTCOMES)
    notes = forms.CharField(
        label=_("Notes (kept encrypted)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=m.CONSENT_PURPOSES)
    agency = forms.ModelChoiceField(
        label=_("Receiving agency"), queryset=m.Agency.objects.all(), required=False
    )
    given = forms.TypedChoiceField(
        label=_("Consent"),
        choices=[("1", _("Given")), ("0", _("Withdrawn"))],
        coerce=lambda v: v == "1",
    )
    on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    explained = forms.MultipleChoiceField(
        label=_("Explained to the survivor"),
        choices=m.CONSENT_EXPLAINED,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ReferralForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("Send to"), queryset=m.Agency.objects.all())
    sections = forms.MultipleChoiceField(
        label=_("Sections to share"), choices=m.SECTIONS, widget=forms.CheckboxSelectMultiple
    )
    override_reason = forms.CharField(
        label=_("Supervisor override: reason for referring without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Outcome: why the case closes"), choices=choose(m.CLOSURE_REASONS)
    )
    confirm = forms.BooleanField(
        label=_("I confirm: close this case now."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from your authenticator app"), max_length=8)


class EnrolmentForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Enrolment code from your supervisor"), max_length=40, strip=True
    )


class IssueCodeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=m.Membership.objects.none())

    def __init__(self, *args, agency_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = m.Membership.objects.filter(
            agency_id=agency_id
        ).select_related("user")


class ReauthForm(CodeForm):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class FeedResultForm(forms.Form):
    """One figure of the statistics page, to write into an aid activity's indicator."""

    measure = forms.ChoiceField(label=_("Measure"), choices=[(n, n) for n in STAT_MEASURES])
    by = forms.ChoiceField(label=_("By"), choices=[(n, n) for n in STAT_DIMENSIONS])
    value = forms.CharField(label=_("Value"), max_length=40)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    activity = forms.CharField(label=_("Activity (IATI identifier)"), max_length=300)
    indicator = forms.IntegerField(label=_("Indicator number"), min_value=1)
