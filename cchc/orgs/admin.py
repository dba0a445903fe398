from django.contrib import admin

from .models import Membership, OrgUnit, OrgUnitAlias, UnitGroup, UnitLineage


class AliasInline(admin.TabularInline):
    model = OrgUnitAlias
    extra = 0
    fields = ["name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "short_name", "search_text"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [AliasInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "root"]
    search_fields = ["code", "name"]
    raw_id_fields = ["root"]
    filter_horizontal = ["members"]


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_date"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "data_scope", "view_scope", "valid_from", "valid_to"]
    list_filter = ["role", "data_scope", "view_scope"]
    search_fields = ["user__username", "user__full_name", "unit__code", "unit__name"]
    raw_id_fields = ["user", "unit", "granted_by"]
