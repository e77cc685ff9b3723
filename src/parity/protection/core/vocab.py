"""The codes of the protection module's lists. Labels (translated) live in the models; the codes
are what is stored, exported and tested."""

from __future__ import annotations

AGENCY_KINDS = ("hotline", "police", "prosecutor", "social_welfare", "shelter", "labour", "ngo")
ROLES = ("counsellor", "case_worker", "mdt_member", "supervisor", "auditor", "statistics")
CHANNELS = ("phone", "sms", "chat", "email", "walk_in", "social_media")
CALLERS = ("survivor", "family", "third_party", "anonymous")
TOPICS = ("labour", "sexual", "forced_marriage", "begging", "other")
RISKS = ("low", "medium", "high", "immediate")
CONTACT_ACTIONS = ("information", "counselling", "referral", "case_opened")
SEXES = ("female", "male", "other", "unknown")
# The age bands of the CTDC global dataset (its `ageBroad`), so exports need no re-banding.
AGE_BANDS = ("0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", "unknown")
IDENTIFICATION = ("potential", "presumed", "identified", "not_identified")
DECISIONS = ("identified", "not_identified")
SERVICES = (
    "shelter",
    "medical",
    "psychosocial",
    "legal_aid",
    "repatriation",
    "vocational_training",
    "reintegration_support",
)
SERVICE_STATUSES = ("planned", "ongoing", "completed", "declined")
OUTCOMES = ("stable", "at_risk", "re_trafficked", "lost_contact", "completed")
CLOSURE_REASONS = ("reintegrated", "transferred", "declined_services", "lost_contact", "not_victim")
CONSENT_PURPOSES = ("services", "referral", "cross_border", "statistics")
# What a counsellor must explain before consent counts as informed.
CONSENT_EXPLAINED = ("purpose", "recipients", "data_shared", "right_to_withdraw", "consequences")
# Sections of a case: the unit of sharing in a referral and of field-level access.
SECTIONS = ("identity", "profile", "screening", "identification", "services", "followups")
REFERRAL_STATUSES = ("pending", "accepted", "declined", "revoked", "withdrawn")
