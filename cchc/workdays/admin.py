from django.contrib import admin

from .models import CalendarOverride, UnitOfficeHours


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "note", "source")
    list_filter = ("kind",)
    search_fields = ("note", "source")
    date_hierarchy = "day"


@admin.register(UnitOfficeHours)
class UnitOfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("unit", "periods", "note")
    search_fields = ("unit__code", "unit__name")
    autocomplete_fields = ("unit",)
