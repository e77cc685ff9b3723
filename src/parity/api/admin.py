from django.contrib import admin

from parity.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created", "last_used", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["hint", "created", "last_used"]

    def has_add_permission(self, request) -> bool:
        return False  # created with `parity create-api-token`, which shows the secret once
