"""Admin: agencies, people and teams only. Cases are deliberately not in the admin: every case
read must go through the access function and the audit log."""

from django.contrib import admin

from parity.protection.models import Agency, AuditEntry, Membership, Team


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind", "country")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role", "agency")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    filter_horizontal = ("members",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "action", "case_number", "outcome", "user_id_ref", "ip")
    list_filter = ("action", "outcome")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
