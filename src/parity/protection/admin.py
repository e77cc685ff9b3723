"""Admin: agencies, people and teams, which have no other place to be managed, and the audit log,
read-only. Cases, contacts, consents, referrals, factors and enrolment codes are deliberately not
in the admin: every case read must go through the access function and the audit log, and a
factor only through enrolment. The admin needs the second factor (``middleware``) and every
change made in it is audited."""

from typing import Any

from django.contrib import admin
from django.db.models import Model

from parity.protection import audit
from parity.protection.models import Agency, AuditEntry, Membership, Team
from parity.protection.services.access import membership_of


class AuditedAdmin(admin.ModelAdmin):
    """Writes an audit entry for every addition, change and deletion."""

    def _record(self, request: Any, action: str, obj: Model) -> None:
        actor = audit.Actor(
            request.user, membership_of(request.user), request.META.get("REMOTE_ADDR")
        )
        audit.record(actor, f"admin.{action}", "", note=f"{obj._meta.model_name} {obj.pk}")

    def save_model(self, request: Any, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._record(request, "change" if change else "add", obj)

    def delete_model(self, request: Any, obj: Model) -> None:
        self._record(request, "delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            self._record(request, "delete", obj)
        super().delete_queryset(request, queryset)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind", "country")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("role", "agency")


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
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
