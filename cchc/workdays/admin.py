from django.contrib import admin

from cchc.core.versioning import AdminVersionedForm

from .models import CalendarOverride, UnitOfficeHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = AdminVersionedForm  # two administrators editing the same day: the second stale save is refused
    fields = (
        "day",
        "kind",
        "note",
        "source",
        "valid_from",
        "edit_version",
    )  # the hidden version the form carries
    exclude = ("edit_version",)  # not a model form field: the form declares it
    list_display = ("day", "kind", "note", "source", "valid_from")
    list_filter = ("kind",)
    search_fields = ("note", "source")
    date_hierarchy = "day"


@admin.register(UnitOfficeHours)
class UnitOfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("unit", "periods", "valid_from", "note")
    search_fields = ("unit__code", "unit__name")
    autocomplete_fields = ("unit",)
