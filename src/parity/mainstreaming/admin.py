"""Admin for every model. Reviews change through the services only, so the admin reads them;
the history and marker changes are the audit trail and are never edited here."""

from django.contrib import admin

from parity.mainstreaming import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = models.ReviewAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["criterion", "answer", "evidence_text", "evidence_url"]
    exclude = ["evidence_result", "evidence_indicator"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = models.ReviewEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.StageReview)
class StageReviewAdmin(ReadOnlyAdmin):
    list_display = ["activity", "stage", "status", "proposed_score", "submitted_by", "decided_by"]
    list_filter = ["stage", "status", "scheme"]
    search_fields = ["activity__iati_identifier"]
    raw_id_fields = ["activity"]
    inlines = [AnswerInline, EventInline]


@admin.register(models.ReviewAnswer)
class ReviewAnswerAdmin(ReadOnlyAdmin):
    list_display = ["review", "criterion", "answer"]
    raw_id_fields = ["review", "evidence_result", "evidence_indicator"]


@admin.register(models.ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["review", "action", "from_status", "to_status", "by", "at"]
    list_filter = ["action"]
    raw_id_fields = ["review"]


@admin.register(models.MarkerChange)
class MarkerChangeAdmin(ReadOnlyAdmin):
    list_display = ["activity", "old", "new", "score", "by", "at"]
    raw_id_fields = ["activity", "review"]


@admin.register(models.Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["activity", "rule", "severity", "element", "created"]
    list_filter = ["rule", "severity"]
    search_fields = ["activity__iati_identifier"]
    raw_id_fields = ["activity"]


@admin.register(models.ReviewState)
class ReviewStateAdmin(ReadOnlyAdmin):
    list_display = ["activity", "stage_reached", "open_flags", "pending_since"]
    list_filter = ["stage_reached"]
    raw_id_fields = ["activity"]
