from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from cchc.core.versioning import AdminVersionedForm

from .models import Target


class TargetAdminForm(AdminVersionedForm):
    class Meta:
        model = Target
        fields = [
            "unit",
            "applies_to_subtree",
            "year",
            "code",
            "comparison",
            "value",
            "title",
            "source",
            "manual_value",
            "manual_by",
            "manual_at",
        ]


if TYPE_CHECKING:
    _Base = admin.ModelAdmin[Target]
else:  # ModelAdmin is generic for the type checker only
    _Base = admin.ModelAdmin


@admin.register(Target)
class TargetAdmin(_Base):
    form = TargetAdminForm
    list_display = ("unit", "year", "code", "comparison", "value", "applies_to_subtree", "source")
    list_filter = ("year", "comparison")
    search_fields = ("code", "title", "unit__code", "unit__name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("manual_by",)
