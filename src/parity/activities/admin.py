from django.contrib import admin

from parity.activities import models


class ReadableInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class DescriptionInline(ReadableInline):
    model = models.ActivityDescription


class DateInline(ReadableInline):
    model = models.ActivityDate


class ParticipatingOrgInline(ReadableInline):
    model = models.ParticipatingOrg


class CountryInline(ReadableInline):
    model = models.RecipientCountry


class RegionInline(ReadableInline):
    model = models.RecipientRegion


class SectorInline(ReadableInline):
    model = models.ActivitySector


class PolicyMarkerInline(ReadableInline):
    model = models.PolicyMarker


class BudgetInline(ReadableInline):
    model = models.Budget


class DocumentLinkInline(ReadableInline):
    model = models.DocumentLink


class LocationInline(ReadableInline):
    model = models.Location


class RelatedActivityInline(ReadableInline):
    model = models.RelatedActivity


class DataNoteInline(ReadableInline):
    model = models.DataNote
    # What the import recorded about the file: read here, changed only by importing again.
    readonly_fields = ["part", "line", "problem", "action", "value"]
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["ref", "name", "type", "is_sample"]
    search_fields = ["ref", "name"]
    list_filter = ["is_sample"]


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["iati_identifier", "title", "reporting_org", "status", "gender_marker"]
    list_filter = ["gender_marker", "status", "is_sample"]
    search_fields = ["iati_identifier", "title"]
    list_select_related = ["reporting_org"]
    raw_id_fields = ["reporting_org"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [
        DescriptionInline,
        DateInline,
        ParticipatingOrgInline,
        CountryInline,
        RegionInline,
        SectorInline,
        PolicyMarkerInline,
        BudgetInline,
        DocumentLinkInline,
        LocationInline,
        RelatedActivityInline,
        DataNoteInline,
    ]


@admin.register(models.DataNote)
class DataNoteAdmin(admin.ModelAdmin):
    list_display = ["activity", "part", "line", "action", "problem"]
    list_filter = ["action", "part"]
    search_fields = ["activity__iati_identifier", "problem", "value"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]


@admin.register(models.Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = ["activity", "type", "date", "value", "currency"]
    list_filter = ["type"]
    search_fields = ["activity__iati_identifier", "ref"]
    raw_id_fields = ["activity"]


class IndicatorInline(ReadableInline):
    model = models.Indicator


@admin.register(models.Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["__str__", "activity", "type"]
    raw_id_fields = ["activity"]
    inlines = [IndicatorInline]


class BaselineInline(ReadableInline):
    model = models.IndicatorBaseline


class PeriodInline(ReadableInline):
    model = models.IndicatorPeriod


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "result", "measure"]
    raw_id_fields = ["result"]
    inlines = [BaselineInline, PeriodInline]


class ValueInline(ReadableInline):
    model = models.IndicatorValue


@admin.register(models.IndicatorPeriod)
class IndicatorPeriodAdmin(admin.ModelAdmin):
    list_display = ["indicator", "start", "end"]
    raw_id_fields = ["indicator"]
    inlines = [ValueInline]


def register_plain(model: type) -> None:
    """Parts edited mostly through their activity: a plain admin with raw-id relations."""
    relations = [field.name for field in model._meta.fields if field.is_relation]
    admin.site.register(model, raw_id_fields=relations)


for part in [
    models.ActivityDescription,
    models.ActivityDate,
    models.ParticipatingOrg,
    models.RecipientCountry,
    models.RecipientRegion,
    models.ActivitySector,
    models.PolicyMarker,
    models.Budget,
    models.IndicatorBaseline,
    models.IndicatorValue,
    models.DocumentLink,
    models.Location,
    models.RelatedActivity,
]:
    register_plain(part)


class ImportFileInline(admin.TabularInline):
    model = models.ImportFile
    extra = 0
    can_delete = False
    fields = ["name", "status", "sha256", "created", "updated", "unchanged", "rejected", "error"]
    readonly_fields = fields
    show_change_link = True


@admin.register(models.ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "started_at", "status", "created", "updated", "unchanged", "rejected"]
    list_filter = ["status"]
    inlines = [ImportFileInline]


class ImportRejectionInline(admin.TabularInline):
    model = models.ImportRejection
    extra = 0
    can_delete = False
    readonly_fields = ["line", "identifier", "element", "reason"]


@admin.register(models.ImportFile)
class ImportFileAdmin(admin.ModelAdmin):
    list_display = ["name", "run", "status", "created", "updated", "rejected"]
    list_filter = ["status"]
    search_fields = ["name", "sha256"]
    inlines = [ImportRejectionInline]


admin.site.register(models.ImportRejection, raw_id_fields=["file"])
