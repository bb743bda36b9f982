from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies.rules import Action, can


class CchcAdminSite(admin.AdminSite):
    site_header = _("CCHC portal administration")
    site_title = _("CCHC portal administration")
    index_title = _("Users, units and reference data")

    def has_permission(self, request) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)


class RulesAdminMixin:
    """Model admin pages answer to agencies.rules: administrators manage reference data."""

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)

    def has_add_permission(self, request, *args) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)

    def has_change_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ADMIN_MANAGE)
