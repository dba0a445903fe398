from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by database triggers only."""

    list_display = ["at", "table_name", "object_pk", "action", "actor", "source"]
    list_filter = ["action", "table_name"]
    search_fields = ["object_pk", "source", "actor__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
