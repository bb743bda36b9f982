from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cchc_portal.admin_site import RulesAdminMixin


@admin.register(Agency)
class AgencyAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "parent", "opened_on", "closed_on", "successor")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")
    list_select_related = ("parent", "successor")
    autocomplete_fields = ("parent", "successor")


@admin.register(User)
class UserAdmin(RulesAdminMixin, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("role", "is_active", "agency__kind")
    list_select_related = ("agency",)
    search_fields = ("username", "first_name", "last_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "title")}),
        (_("Unit and role"), {"fields": ("agency", "role", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Unit and role"), {"fields": ("agency", "role", "first_name", "last_name", "email", "title")}),
    )
