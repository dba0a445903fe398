from django.contrib import admin

from .models import ApologyLetter, ImportBatch, ImportSource, IndexDefinition, PortalFigure, Procedure


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "owner",
        "name",
        "field",
        "processing_amount",
        "processing_unit",
        "online_level",
        "is_demo",
    )
    list_filter = ("online_level", "processing_unit", "is_demo", ("owner", admin.EmptyFieldListFilter))
    search_fields = ("code", "name", "search_text")


@admin.register(ImportSource)
class ImportSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "updated_at")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("started_at", "kind", "file_name", "actor", "via", "rows", "created", "updated")
    list_filter = ("kind", "via")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApologyLetter)
class ApologyLetterAdmin(admin.ModelAdmin):
    list_display = ("dossier", "number", "year", "original_due_at", "new_due_at", "issued_at")
    raw_id_fields = ("dossier",)


@admin.register(PortalFigure)
class PortalFigureAdmin(admin.ModelAdmin):
    list_display = (
        "unit",
        "code",
        "period_from",
        "period_to",
        "numerator",
        "denominator",
        "ratio",
        "score",
        "state",
    )
    list_filter = ("state",)
    autocomplete_fields = ("unit",)


@admin.register(IndexDefinition)
class IndexDefinitionAdmin(admin.ModelAdmin):
    list_display = ("version", "effective_from", "title", "loaded_at")
