"""Administrators may look at meetings' data; every change goes through the pages (services), so
the admin is read-only here: history stays append-only and statuses stay derived."""

from django.contrib import admin

from cchc_portal.admin_site import RulesAdminMixin
from meetings.models import Attachment, Meeting, ReminderLog, Task


class ReadOnlyAdmin(RulesAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "held_on", "conclusion_number", "state")
    list_filter = ("kind", "state")
    search_fields = ("title", "conclusion_number")
    date_hierarchy = "held_on"


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "lead_agency", "meeting", "deadline", "completed_on")
    list_filter = ("recurrence",)
    list_select_related = ("lead_agency", "meeting")
    search_fields = ("title", "lead_agency__name")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("uploaded_by",)


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("day", "agency", "recipients", "overdue_count", "due_soon_count", "sent_at")
    list_select_related = ("agency",)
    date_hierarchy = "day"
