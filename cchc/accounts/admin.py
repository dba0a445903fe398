from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "position", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("CCHC", {"fields": ("full_name", "position", "phone")}),
    )
