"""Reference data of the rankings, edited by administrators (Action.ADMIN_MANAGE): indices with their
sub-indices and methodology periods, provinces with their mergers, regions, targets.

Published results are read-only here: they change only through the import, the result form and the
removal of a year (indices.services), which keep the history of every number."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils import timezone

from cchc_portal.admin_site import RulesAdminMixin
from indices.models import (
    Index,
    IndexResult,
    IndexTarget,
    MethodologyPeriod,
    Province,
    Region,
    ResultChange,
    SubIndex,
    TableImport,
)


class ReadOnlyAdminMixin(RulesAdminMixin):
    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SubIndexInline(RulesAdminMixin, admin.TabularInline):
    model = SubIndex
    extra = 0
    fields = ("sort_order", "code", "name", "name_en", "weight", "max_score", "first_year", "last_year")


class MethodologyPeriodInline(RulesAdminMixin, admin.TabularInline):
    model = MethodologyPeriod
    extra = 0
    fields = ("first_year", "label", "score_max", "ranks_comparable", "note")


@admin.register(Index)
class IndexAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "short_name",
        "name",
        "publisher",
        "score_min",
        "score_max",
        "higher_is_better",
        "sort_order",
    )
    search_fields = ("code", "short_name", "name", "publisher")
    inlines = [MethodologyPeriodInline, SubIndexInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "is_default_peer_group", "sort_order")
    search_fields = ("name", "code")


@admin.register(Province)
class ProvinceAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "region", "dissolved_on", "merged_into", "is_home")
    list_filter = ("region", "kind", "is_home")
    list_select_related = ("region", "merged_into")
    search_fields = ("name", "code", "aliases")
    autocomplete_fields = ("merged_into",)


@admin.register(IndexTarget)
class IndexTargetAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("index", "year", "rank_at_most", "score_at_least", "document", "set_by", "set_at")
    list_filter = ("index",)
    list_select_related = ("index", "set_by")
    exclude = ("set_at", "set_by")

    def save_model(self, request, obj, form, change):
        obj.set_at = timezone.now()
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndexResult)
class IndexResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("index", "year", "province", "rank", "provinces_ranked", "score", "tier", "updated_by")
    list_filter = ("index", "year")
    list_select_related = ("index", "province", "updated_by")
    search_fields = ("province__name",)


@admin.register(TableImport)
class TableImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("index", "year", "rows", "provinces_ranked", "changed", "filename", "by", "at")
    list_filter = ("index",)
    list_select_related = ("index", "by")


@admin.register(ResultChange)
class ResultChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "index", "year", "province", "field", "old_value", "new_value", "reason", "by")
    list_filter = ("index", "year")
    list_select_related = ("index", "province", "by")
    search_fields = ("province__name",)
