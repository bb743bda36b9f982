from django import template

from agencies.rules import Action, can
from meetings.models import TaskStatus

register = template.Library()

BADGES = {
    TaskStatus.DONE_ON_TIME: "text-bg-success",
    TaskStatus.DONE_LATE: "text-bg-warning",
    TaskStatus.IN_PROGRESS: "text-bg-primary",
    TaskStatus.OVERDUE: "text-bg-danger",
}


@register.filter
def status_label(value: str) -> str:
    return TaskStatus(value).label if value else ""


@register.filter
def status_badge(value: str) -> str:
    return BADGES.get(value, "text-bg-secondary")


@register.inclusion_tag("meetings/_nav.html", takes_context=True)
def meetings_nav(context, active: str = ""):
    user = context["request"].user
    return {
        "active": active,
        "shared": can(user, Action.VIEW_SHARED),
        "manage": can(user, Action.MEETING_MANAGE),
        "own": bool(user.agency_id) and can(user, Action.VIEW_OWN, user.agency_id),
    }
