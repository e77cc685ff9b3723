"""Data-quality notes: what was wrong in one part of an activity that was kept anyway.

The reader keeps an activity whose recipient-country percentage is 125 or whose transaction
has no type, dropping or keeping as given only the bad part (``parity.iati.model.DataNote``).
Each such part leaves one row here, written with the activity's other parts: replaced when the
activity is updated, kept when it is unchanged, deleted with it.
"""

from __future__ import annotations

from django.db import models

from parity.activities.models.activity import Activity
from parity.activities.models.fields import code_check

# What Parity did with the bad part (the reader's DataNote.action).
DROPPED, KEPT, MAPPED = "dropped", "kept as given", "mapped"
ACTIONS = [(DROPPED, "dropped"), (KEPT, "kept as given"), (MAPPED, "mapped")]


class DataNote(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    part = models.CharField(max_length=100, help_text="The element, e.g. recipient-country")
    line = models.IntegerField(null=True, blank=True, help_text="Line in the source file")
    problem = models.TextField(help_text="What was wrong, naming the value")
    action = models.CharField(max_length=20, choices=ACTIONS)
    # Untruncated: a value that broke a rule is shown exactly as the publisher wrote it.
    value = models.TextField(blank=True, help_text="The value as the file gave it")

    class Meta:
        ordering = ["id"]  # file order: notes are written in the order the reader found them
        constraints = [code_check("action", [DROPPED, KEPT, MAPPED], "datanote")]

    def __str__(self) -> str:
        return f"{self.part}: {self.problem} ({self.action})"
