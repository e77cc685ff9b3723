"""Stored marker suggestions (parity.suggest) and the decisions reviewers take on them.

A suggestion is a score for an unscreened activity, recomputed whenever a model is trained or
``parity suggest-markers`` runs; it never sets the activity's marker. A decision is a
reviewer's accept or reject, kept for good (the audit trail) and read back as training data
the next time a model is trained.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from parity.activities.models import Activity


class MarkerSuggestion(models.Model):
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="marker_suggestion"
    )
    # Calibrated P(gender equality focused, marker 1 or 2); NULL when the model gave no score.
    probability = models.FloatField(null=True, blank=True)
    score = models.SmallIntegerField(null=True, blank=True)  # suggested marker (or focused 0/1)
    reasons = models.JSONField(default=list, blank=True)  # [[feature, weight], ...]
    refusal = models.TextField(blank=True)  # why no score (no text, a language not learnt)
    model_created = models.CharField(max_length=40)  # the model file's "created" stamp
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-probability"], name="suggestion_probability_desc")]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__isnull=True)
                | Q(probability__gte=0.0, probability__lte=1.0),
                name="suggestion_probability_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.probability}"


class SuggestionDecision(models.Model):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECISIONS = [(ACCEPTED, "Accepted"), (REJECTED, "Rejected")]

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    decision = models.CharField(max_length=10, choices=DECISIONS)
    probability = models.FloatField()  # what the reviewer was shown
    suggested_score = models.SmallIntegerField()
    # The label training reads: the suggested score when accepted; when rejected, 0 for a
    # suggestion of focus and 1 for a suggestion of none (docs/suggestions.md).
    label = models.SmallIntegerField()
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["accepted", "rejected"]), name="decision_valid"
            ),
            models.CheckConstraint(condition=Q(label__in=[0, 1, 2]), name="decision_label_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.decision}"
