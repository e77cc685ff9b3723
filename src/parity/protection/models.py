"""Agencies, teams, hotline contacts, cases and their parts, referrals, consents, the audit log.

Identifying details are never stored in plain text: fields ending in ``_ct`` hold AES-GCM
ciphertexts made by ``parity.protection.keys.seal`` with the table, field and row as associated
data. Everything else (sex, age band, nationality, dates, codes) is what statistics need and
identifies nobody on its own; the case number is random, not derived from anything about the
person. Rows change only through ``services``; every read and write goes to ``AuditEntry``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parity.protection.core import chain

USER = settings.AUTH_USER_MODEL

AGENCY_KINDS = [
    ("hotline", _("Hotline")),
    ("police", _("Police")),
    ("prosecutor", _("Prosecutor")),
    ("social_welfare", _("Social welfare")),
    ("shelter", _("Shelter")),
    ("labour", _("Labour inspection")),
    ("ngo", _("NGO")),
]
ROLES = [
    ("counsellor", _("Counsellor")),
    ("case_worker", _("Case worker")),
    ("mdt_member", _("MDT member")),
    ("supervisor", _("Supervisor")),
    ("auditor", _("Auditor")),
    ("statistics", _("Statistics viewer")),
]
CHANNELS = [
    ("phone", _("Phone")),
    ("sms", _("SMS")),
    ("chat", _("Chat")),
    ("email", _("Email")),
    ("walk_in", _("Walk-in")),
    ("social_media", _("Social media")),
]
CALLERS = [
    ("survivor", _("Survivor")),
    ("family", _("Family")),
    ("third_party", _("Third party")),
    ("anonymous", _("Anonymous")),
]
TOPICS = [
    ("labour", _("Labour exploitation")),
    ("sexual", _("Sexual exploitation")),
    ("forced_marriage", _("Forced marriage")),
    ("begging", _("Forced begging")),
    ("other", pgettext_lazy("topic", "Other")),
]
RISKS = [
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
    ("immediate", _("Immediate danger")),
]
CONTACT_ACTIONS = [
    ("information", _("Information")),
    ("counselling", _("Counselling")),
    ("referral", _("Referral")),
    ("case_opened", _("Case opened")),
]
SEXES = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("other", _("Other")),
    ("unknown", _("Unknown")),
]
AGE_BANDS = [
    (b, b) for b in ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+")
] + [("unknown", _("Unknown"))]
IDENTIFICATION = [
    ("potential", _("Potential victim")),
    ("presumed", _("Presumed victim (screened)")),
    ("identified", _("Identified victim (team decision)")),
    ("not_identified", _("Not identified (team decision)")),
]
SERVICES = [
    ("shelter", _("Shelter")),
    ("medical", _("Medical care")),
    ("psychosocial", _("Psychosocial support")),
    ("legal_aid", _("Legal aid")),
    ("repatriation", _("Repatriation")),
    ("vocational_training", _("Vocational training")),
    ("reintegration_support", _("Reintegration support")),
]
SERVICE_STATUSES = [
    ("planned", _("Planned")),
    ("ongoing", _("Ongoing")),
    ("completed", _("Completed")),
    ("declined", _("Declined")),
]
OUTCOMES = [
    ("stable", _("Stable")),
    ("at_risk", _("At risk")),
    ("re_trafficked", _("Re-trafficked")),
    ("lost_contact", _("Lost contact")),
    ("completed", _("Reintegration completed")),
]
CLOSURE_REASONS = [
    ("reintegrated", _("Reintegrated")),
    ("transferred", _("Transferred to another agency")),
    ("declined_services", _("Survivor declined services")),
    ("lost_contact", _("Lost contact")),
    ("not_victim", _("Not a victim of trafficking")),
]
CONSENT_PURPOSES = [
    ("services", _("Receiving services")),
    ("referral", _("Referral to a named agency")),
    ("cross_border", _("Cross-border transfer")),
    ("statistics", _("Inclusion in statistics")),
]
CONSENT_EXPLAINED = [
    ("purpose", _("What the data is for")),
    ("recipients", _("Who will receive it")),
    ("data_shared", _("Which information is shared")),
    ("right_to_withdraw", _("The right to withdraw at any time")),
    ("consequences", _("What happens if they say no")),
]
SECTIONS = [
    ("identity", _("Identifying details")),
    ("profile", _("Profile (sex, age band, nationality)")),
    ("screening", _("Screening indicators")),
    ("identification", _("Identification decision")),
    ("services", _("Services")),
    ("followups", _("Reintegration follow-ups")),
]
REFERRAL_STATUSES = [
    ("pending", _("Pending")),
    ("accepted", _("Accepted")),
    ("declined", _("Declined")),
    ("revoked", _("Revoked")),
    ("withdrawn", _("Consent withdrawn")),
]


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AGENCY_KINDS)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))

    class Meta:
        ordering = ["country", "name"]
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class Membership(models.Model):
    """A user's place in the protection module: one agency, one role."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="protection")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=ROLES)

    def __str__(self) -> str:
        return f"{self.user} - {self.agency} ({self.role})"


class Team(models.Model):
    """A multi-disciplinary team: members of several agencies, possibly of two countries."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(Membership, related_name="teams", blank=True)

    def __str__(self) -> str:
        return self.name

    def agency_ids(self) -> set[int]:
        return set(self.members.values_list("agency_id", flat=True))


class Case(models.Model):
    OPEN, CLOSED = "open", "closed"

    number = models.CharField(_("case number"), max_length=20, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    sex = models.CharField(_("sex"), max_length=10, choices=SEXES, default="unknown")
    age_band = models.CharField(_("age band"), max_length=10, choices=AGE_BANDS, default="unknown")
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    exploitation = models.CharField(_("exploitation type"), max_length=20, choices=TOPICS)
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    identification = models.CharField(
        _("identification status"), max_length=20, choices=IDENTIFICATION, default="potential"
    )
    reflection_start = models.DateField(_("reflection period from"), null=True, blank=True)
    reflection_end = models.DateField(_("reflection period until"), null=True, blank=True)
    status = models.CharField(max_length=10, default=OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=CLOSURE_REASONS, blank=True)
    identity_ct = models.TextField(blank=True)  # names, contacts, address, documents, narrative
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-opened_at", "-id"], name="protection_case_list"),
            models.Index(fields=["status", "closed_at"], name="protection_case_closed"),
        ]

    def __str__(self) -> str:
        return self.number

    def identity_ad(self) -> str:
        return f"protection_case/identity_ct/{self.number}"


class Contact(models.Model):
    """One hotline contact. Personal data is optional and kept encrypted in ``details_ct``."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contacts")
    counsellor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=CHANNELS)
    caller = models.CharField(_("caller"), max_length=20, choices=CALLERS)
    language = models.CharField(_("language"), max_length=10, default="th")
    topic = models.CharField(_("topic"), max_length=20, choices=TOPICS)
    risk = models.CharField(_("risk"), max_length=10, choices=RISKS)
    action = models.CharField(_("action taken"), max_length=20, choices=CONTACT_ACTIONS)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)
    details_ct = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["agency", "-at"], name="protection_contact_list")]

    def details_ad(self) -> str:
        return f"protection_contact/details_ct/{self.pk}"


class Decision(models.Model):
    """The formal identification decision of a multi-disciplinary team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    team = models.ForeignKey(Team, on_delete=models.PROTECT)
    decided_on = models.DateField(_("date of decision"))
    decision = models.CharField(_("decision"), max_length=20, choices=IDENTIFICATION[2:])
    members = models.ManyToManyField(Membership, related_name="+")
    basis_ct = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_on", "id"]

    def basis_ad(self) -> str:
        return f"protection_decision/basis_ct/{self.pk}"


class Service(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=30, choices=SERVICES)
    provider = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SERVICE_STATUSES)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["start", "id"]


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=OUTCOMES)
    notes_ct = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]

    def notes_ad(self) -> str:
        return f"protection_followup/notes_ct/{self.pk}"


class Consent(models.Model):
    """One consent given or withdrawn; the latest per purpose (and agency) counts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=CONSENT_PURPOSES)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    given = models.BooleanField(_("given"))
    on = models.DateField(_("date"))
    explained = models.JSONField(default=list)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]

    def explained_words(self) -> list[str]:
        """What was explained, in words (the stored codes are for the statistics and exports)."""
        words = dict(CONSENT_EXPLAINED)
        return [str(words.get(code, code)) for code in self.explained]


class Referral(models.Model):
    """A case sent to another agency with chosen sections; the receiver sees only those."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="incoming")
    sections = models.JSONField(default=list)
    cross_border = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=REFERRAL_STATUSES, default="pending")
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # Set when the survivor's withdrawal of consent stopped the referral (status "withdrawn").
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # A supervisor's override of missing consent: the written reason stays visible on the case.
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["to_agency", "status"], name="protection_referral_in")]

    def section_words(self) -> list[str]:
        """The sections shared, in words (the stored codes decide access)."""
        words = dict(SECTIONS)
        return [str(words.get(code, code)) for code in self.sections]


class Factor(models.Model):
    """A user's TOTP second factor; the shared secret is encrypted like survivors' data."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="protection_factor")
    secret_ct = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)  # refuses replay of a code already used

    def secret_ad(self) -> str:
        return f"protection_factor/secret_ct/{self.user_id}"


class EnrolmentCode(models.Model):
    """A one-time code a supervisor gives a member to set up their second factor: shown once,
    stored as a hash, so a password stolen before enrolment does not give the factor's key."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class KeyCheck(models.Model):
    """A known value encrypted under each key id, so a wrong key is caught at start-up rather
    than when a case is opened."""

    key_id = models.CharField(max_length=32, unique=True)
    token_ct = models.TextField()


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """Who did what to which case, when, from where: no personal data, hash-chained."""

    objects = AppendOnlyQuerySet.as_manager()

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    user_id_ref = models.BigIntegerField(null=True)  # an id, not a name: the log holds no names
    agency_id_ref = models.BigIntegerField(null=True)
    action = models.CharField(max_length=40)
    case_number = models.CharField(max_length=20, blank=True, db_index=True)
    outcome = models.CharField(max_length=20)  # ok, refused, not_found, forbidden
    note = models.CharField(max_length=200, blank=True)  # a code or fixed sentence, never input
    ip = models.GenericIPAddressField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def entry(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "user": self.user_id_ref,
            "agency": self.agency_id_ref,
            "action": self.action,
            "case": self.case_number,
            "outcome": self.outcome,
            "note": self.note,
            "ip": self.ip,
        }

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        self.hash = chain.link(self.prev_hash, self.entry())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """The last link of the chain; locking this one row serialises audit writers."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=chain.GENESIS)
