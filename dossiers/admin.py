from django.contrib import admin
from django.db.models import Count

from cchc_portal.admin_site import RulesAdminMixin
from dossiers.catalogue import procedure_states_apply
from dossiers.models import AgencyField, Decision, DecisionItem, Field, Procedure

# --- Catalogue: reference data the administrator edits (bulk changes go through the xlsx import) ---


class AgencyFieldInline(RulesAdminMixin, admin.TabularInline):
    model = AgencyField
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(Field)
class FieldAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "sort_order", "procedure_count")
    search_fields = ("code", "name")
    ordering = ("sort_order", "name")
    inlines = (AgencyFieldInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(procedure_count=Count("procedures"))

    @admin.display(description=Procedure._meta.verbose_name_plural, ordering="procedure_count")
    def procedure_count(self, obj) -> int:
        return obj.procedure_count


@admin.register(Procedure)
class ProcedureAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "field", "level", "agency", "processing_days", "online_service", "is_active")
    list_filter = ("level", "online_service", "is_active", "field")
    list_select_related = ("field", "agency")
    search_fields = ("code", "name")
    autocomplete_fields = ("field", "agency")


class DecisionItemInline(RulesAdminMixin, admin.TabularInline):
    model = DecisionItem
    extra = 0
    autocomplete_fields = ("procedure",)


@admin.register(Decision)
class DecisionAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("number", "date", "signer", "title")
    date_hierarchy = "date"
    search_fields = ("number", "title", "signer")
    inlines = (DecisionItemInline,)

    # Whether a procedure is in force follows its decisions in date order (dossiers.catalogue).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        procedure_states_apply()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        procedure_states_apply()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        procedure_states_apply()
