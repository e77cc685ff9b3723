"""Import runs: what each run of `parity import-iati`, `parity import-crs` or an upload read,
and what came of it (files, rejections)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One run of `parity import-iati` (or a web upload): what was read and what came of it."""

    RUNNING, COMPLETE, INCOMPLETE, FAILED = "running", "complete", "incomplete", "failed"
    STATUSES = [
        (RUNNING, _("Running")),
        (COMPLETE, _("Complete")),
        (INCOMPLETE, _("Incomplete: some files were refused or broken")),
        (FAILED, _("Failed: stopped before the end")),
    ]
    status = models.CharField(max_length=12, choices=STATUSES, default=RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=150, blank=True)
    pid = models.IntegerField(null=True, blank=True, help_text="Process that ran it")
    forced = models.BooleanField(default=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    with_notes = models.PositiveIntegerField(
        default=0, help_text="Activities kept with a data-quality note on one of their parts"
    )
    message = models.TextField(blank=True)
    # A run started from an upload (parity.activities.tasks): the stored file, so a failed run
    # can be retried, and the progress the worker writes while it reads.
    host = models.CharField(max_length=255, blank=True, help_text="Machine of the process")
    upload = models.CharField(
        max_length=500, blank=True, help_text="Uploaded file, relative to the data folder"
    )
    upload_name = models.CharField(max_length=255, blank=True, help_text="Name as uploaded")
    attempts = models.PositiveSmallIntegerField(default=0)
    bytes_total = models.BigIntegerField(default=0)
    bytes_read = models.BigIntegerField(default=0)
    activities_read = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"


class ImportFile(models.Model):
    IMPORTED, SKIPPED, BROKEN, REFUSED = "imported", "skipped", "broken", "refused"
    STATUSES = [
        (IMPORTED, _("Imported")),
        (SKIPPED, _("Skipped: unchanged since an earlier import")),
        (BROKEN, _("Broken: not well-formed; activities before the break imported")),
        (REFUSED, _("Refused whole: nothing imported")),
    ]
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(
        max_length=500, help_text="The file's name, which identifies its source"
    )
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=STATUSES)
    error = models.TextField(blank=True)
    format = models.CharField(
        max_length=300, blank=True, help_text="Layout and encoding as detected (CRS files)"
    )
    error_line = models.IntegerField(null=True, blank=True)
    error_column = models.IntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    with_notes = models.PositiveIntegerField(
        default=0, help_text="Activities kept with a data-quality note on one of their parts"
    )
    duplicates = models.JSONField(default=list, blank=True)
    disappeared = models.JSONField(
        default=list, blank=True, help_text="In this file's previous import, not in this one"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sha256", "status"])]


class ImportRejection(models.Model):
    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="rejections")
    line = models.IntegerField(null=True, blank=True)
    identifier = models.CharField(max_length=300, blank=True)
    element = models.CharField(max_length=300, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["id"]
