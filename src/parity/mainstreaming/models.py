"""Stage reviews of activities, their answers and history, marker changes and evidence flags.

The workflow rows (StageReview, ReviewAnswer) change only through ``services``; every change
writes a ReviewEvent, which is the audit trail. ``ReviewState`` is a small per-activity row of
figures the portfolio filters and counts on; services recompute it from the source rows inside
the same transaction, so it cannot drift from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parity.activities.models import Activity, Indicator, Organisation, Result
from parity.markers import Stage
from parity.markers.messages import render
from parity.markers.rules import RULES

DEFAULT_SCHEME = "oecd-dac-gender"
STAGES = list(Stage)
STAGE_CHOICES = [(stage.value, stage.value.capitalize()) for stage in Stage]
# Stage numbers for ReviewState.stage_reached: 0 = no approved review yet.
STAGE_NUMBER = {stage.value: number for number, stage in enumerate(Stage, start=1)}


class StageReview(models.Model):
    """The gender review of one activity at one stage of the project cycle."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    STATUSES = [
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted")),
        (APPROVED, _("Approved")),
        (RETURNED, _("Returned with comments")),
    ]

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="stage_reviews")
    stage = models.CharField(max_length=20, choices=STAGE_CHOICES)
    scheme = models.CharField(max_length=100, default=DEFAULT_SCHEME)
    status = models.CharField(max_length=10, choices=STATUSES, default=DRAFT)
    # A score code of the scheme; empty = no score proposed (never read as 0).
    proposed_score = models.CharField(max_length=40, blank=True)
    justification = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    # Optimistic locking: every write increments it; a form posts the version it was opened at.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "stage"], name="stagereview_unique_stage"),
            models.CheckConstraint(
                condition=Q(stage__in=[stage.value for stage in Stage]),
                name="stagereview_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="stagereview_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.activity.iati_identifier}: {self.stage} ({self.status})"

    @property
    def stage_number(self) -> int:
        return STAGE_NUMBER[self.stage]


class ReviewAnswer(models.Model):
    """The answer to one checklist criterion, with its evidence."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "na"
    ANSWERS = [(MET, _("Met")), (NOT_MET, _("Not met")), (NOT_APPLICABLE, _("Not applicable"))]

    review = models.ForeignKey(StageReview, on_delete=models.CASCADE, related_name="answers")
    criterion = models.CharField(max_length=100, help_text="Criterion id in the review's scheme")
    answer = models.CharField(max_length=10, choices=ANSWERS)
    evidence_text = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=2000, blank=True)
    evidence_result = models.ForeignKey(
        Result, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="reviewanswer_unique"),
            models.CheckConstraint(
                condition=Q(answer__in=["met", "not_met", "na"]), name="reviewanswer_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.answer}"

    @property
    def has_evidence(self) -> bool:
        return bool(
            self.evidence_text.strip()
            or self.evidence_url
            or self.evidence_result_id
            or self.evidence_indicator_id
        )


class ReviewEvent(models.Model):
    """One row per change of a review: the audit trail (who, when, from, to, comment)."""

    review = models.ForeignKey(StageReview, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)  # create, save, submit, approve, return, reopen
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)

    # The actions in words, for the history a reader sees.
    ACTIONS = {
        "create": _("Started"),
        "save": _("Saved"),
        "submit": _("Submitted"),
        "approve": _("Approved"),
        "return": _("Returned with comments"),
        "reopen": _("Reopened"),
    }

    class Meta:
        ordering = ["review", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or '-'} -> {self.to_status}"

    def action_words(self) -> str:
        return str(self.ACTIONS.get(self.action, self.action))

    def from_words(self) -> str:
        return str(dict(StageReview.STATUSES).get(self.from_status, self.from_status))

    def to_words(self) -> str:
        return str(dict(StageReview.STATUSES).get(self.to_status, self.to_status))


class MarkerChange(models.Model):
    """The activity's DAC gender marker as set by an approved review; ``old`` keeps the earlier
    value (NULL = not screened), so no marker is ever lost."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="marker_changes")
    old = models.SmallIntegerField(null=True, blank=True)
    new = models.SmallIntegerField(null=True, blank=True)
    scheme = models.CharField(max_length=100, default=DEFAULT_SCHEME)
    score = models.CharField(max_length=40, help_text="The approved score in the review's scheme")
    review = models.ForeignKey(StageReview, on_delete=models.PROTECT, related_name="marker_changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "at", "id"]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.old} -> {self.new}"


class Flag(models.Model):
    """A stored result of parity.markers.check_activity, refreshed per activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="marker_flags")
    rule = models.CharField(max_length=100)
    severity = models.CharField(max_length=10)
    # The message as parity.markers.messages gives it: a template's id and its arguments,
    # rendered in English (``message``) or in the reader's language (the flag_message filter).
    message_id = models.CharField(max_length=60, blank=True)
    message_args = models.JSONField(default=dict, blank=True)
    element = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField()

    class Meta:
        ordering = ["activity", "id"]
        indexes = [models.Index(fields=["rule"])]

    def __str__(self) -> str:
        return f"{self.rule}: {self.message[:80]}"

    @property
    def message(self) -> str:
        """The message in English (exports, the API, check-markers)."""
        return render(self.message_id, self.message_args)

    @property
    def title(self) -> str:
        """The rule in words (untranslated, as parity.markers names it); its id when the rule
        is gone from this version."""
        rule = RULES.get(self.rule)
        return rule.title if rule else self.rule


class ReviewState(models.Model):
    """The portfolio's row per activity: review figures recomputed by the services that change
    them, and copies of the few activity fields the portfolio filters on (identifier, reporting
    organisation, marker, end date), so that counting 100,000 activities reads one narrow table.
    The copies are rewritten by every flags_refresh (which importers call after writing) and by
    the review services, from the Activity row, in the same transaction."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="review_state"
    )
    identifier = models.CharField(max_length=300, blank=True, default="")
    # Its lookups use the (reporting_org, gender_marker) index below, not one of its own.
    reporting_org = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    gender_marker = models.SmallIntegerField(null=True, blank=True)  # NULL = not screened
    end_date = models.DateField(null=True, blank=True)
    # The furthest stage (1 planning .. 5 evaluation) with an approved review; 0 = none.
    stage_reached = models.PositiveSmallIntegerField(default=0)
    open_flags = models.PositiveIntegerField(default=0)
    # When the oldest review still waiting for a decision was submitted.
    pending_since = models.DateTimeField(null=True, blank=True)
    # What the stored flags were computed from: the activity's content hash and the day (one
    # rule reads the date). NULL = never checked, so an import checks it (docs/mainstreaming.md).
    flags_hash = models.CharField(max_length=64, blank=True, default="")
    flags_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["identifier"]),
            models.Index(fields=["gender_marker", "identifier"]),
            models.Index(fields=["reporting_org", "gender_marker"]),
            models.Index(fields=["end_date", "stage_reached"]),
            models.Index(fields=["stage_reached", "identifier"]),
            models.Index(fields=["-open_flags", "identifier"], name="reviewstate_flags_desc"),
            models.Index(fields=["pending_since", "end_date", "stage_reached"]),
            # Covers the portfolio's one GROUP BY, so counting reads the index only.
            models.Index(
                fields=[
                    "gender_marker",
                    "stage_reached",
                    "open_flags",
                    "end_date",
                    "pending_since",
                ],
                name="reviewstate_portfolio_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier}: stage {self.stage_reached}, {self.open_flags} flags"


# Suggestions live in their own module; imported here so Django finds their models.
from parity.mainstreaming.suggestion_models import (  # noqa: E402, F401
    MarkerSuggestion,
    SuggestionDecision,
)
