from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from parity.commitments import models
from parity.commitments.services import NO_TARGET


class PillarInline(admin.TabularInline):
    model = models.Pillar
    extra = 0


@admin.register(models.Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner", "adopted_on"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PillarInline]


@admin.register(models.Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["name", "framework", "number"]
    list_filter = ["framework"]


@admin.register(models.PillarTag)
class PillarTagAdmin(admin.ModelAdmin):
    list_display = ["activity", "pillar", "automatic", "rule"]
    list_filter = ["automatic", "pillar"]
    raw_id_fields = ["activity"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "series", "start_date", "place", "participants_total"]
    list_filter = ["kind", "series"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class OutputTargetFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.has_changed() or form in self.initial_forms)
            and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.money_amount is None and not kept:
            raise ValidationError(NO_TARGET)


class OutputTargetInline(admin.TabularInline):
    model = models.OutputTarget
    formset = OutputTargetFormSet
    extra = 0


@admin.register(models.Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "announced_on", "event", "money_amount", "money_currency"]
    list_filter = ["framework", "event"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["pillars"]
    raw_id_fields = ["scope_activities"]
    inlines = [OutputTargetInline]


@admin.register(models.OutputTarget)
class OutputTargetAdmin(admin.ModelAdmin):
    list_display = ["description", "pledge", "quantity", "sex"]
    raw_id_fields = ["pledge"]


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "year", "month", "day", "units_per_usd", "source", "imported_at"]
    list_filter = ["currency", "year"]
    search_fields = ["currency", "source"]


@admin.register(models.Deflator)
class DeflatorAdmin(admin.ModelAdmin):
    list_display = ["key", "year", "index", "base_year", "currency", "source"]
    list_filter = ["key", "currency"]


@admin.register(models.PledgeProgressSnapshot)
class PledgeProgressSnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are computed, and recomputed whenever their inputs change."""

    list_display = ["pledge", "computed_at"]
    raw_id_fields = ["pledge"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
