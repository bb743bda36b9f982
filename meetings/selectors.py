"""Every read the meetings pages, exports and reminders need, already shaped: templates never query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency, User
from agencies.rules import Action, can
from meetings.models import (
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    Meeting,
    MeetingEvent,
    ProgressReport,
    ReminderLog,
    RequestState,
    Task,
    TaskEvent,
    TaskStatus,
)

DUE_WINDOWS = ("overdue", "7", "30", "90")
OPEN_FIRST = F("completed_on").desc(nulls_first=True)


def task_rows(*, today: dt.date | None = None) -> QuerySet[Task]:
    """Tasks as lists show them: status, deadline in force, last percent, waiting requests."""
    today = today or timezone.localdate()
    last_report = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-reported_on", "-pk")
    return (
        Task.objects.with_status(today)
        .select_related("lead_agency", "meeting", "parent")
        .prefetch_related(Prefetch("coordinating_agencies", queryset=Agency.objects.order_by("sort_order", "name")))
        .annotate(
            last_percent=Subquery(last_report.values("percent")[:1]),
            last_reported_on=Subquery(last_report.values("reported_on")[:1]),
            completion_waiting=Exists(
                CompletionRequest.objects.filter(task=OuterRef("pk"), state=RequestState.PENDING)
            ),
            extension_waiting=Exists(ExtensionRequest.objects.filter(task=OuterRef("pk"), state=RequestState.PENDING)),
        )
    )


def status_counts(tasks: QuerySet[Task]) -> list[tuple[TaskStatus, int]]:
    """[(status, count)] in the official order, zeros included, counted by the database in one query
    (for dashboards and scores, which count without listing)."""
    found = dict(tasks.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(status, found.get(status.value, 0)) for status in TaskStatus]


@dataclass(frozen=True)
class BoardFilters:
    agency: Agency | None = None
    meeting: Meeting | None = None
    status: str = ""
    due: str = ""  # "overdue" or a number of days ahead


def task_board(*, filters: BoardFilters, today: dt.date | None = None) -> QuerySet[Task]:
    today = today or timezone.localdate()
    tasks = task_rows(today=today)
    if filters.agency is not None:
        tasks = tasks.filter(lead_agency=filters.agency)
    if filters.meeting is not None:
        tasks = tasks.filter(meeting=filters.meeting)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.due == "overdue":
        tasks = tasks.filter(status=TaskStatus.OVERDUE)
    elif filters.due.isdigit():
        horizon = today + dt.timedelta(days=int(filters.due))
        tasks = tasks.open().filter(deadline_in_force__gte=today, deadline_in_force__lte=horizon)
    return tasks.order_by("lead_agency__sort_order", "lead_agency__name", "deadline_in_force", "pk")


def meeting_list() -> list[Meeting]:
    """Meetings, newest first, each with `counts` [(status, n)] (two queries in all)."""
    meetings = list(
        Meeting.objects.select_related("chair").annotate(task_count=Count("tasks")).order_by("-held_on", "-pk")
    )
    rows = (
        Task.objects.with_status()
        .filter(meeting__isnull=False)
        .order_by()
        .values_list("meeting_id", "status")
        .annotate(n=Count("pk"))
    )
    found: dict[int, dict[str, int]] = {}
    for meeting_id, status, n in rows:
        found.setdefault(meeting_id, {})[status] = n
    for meeting in meetings:
        counts = found.get(meeting.pk, {})
        meeting.counts = [(status, counts.get(status.value, 0)) for status in TaskStatus]
    return meetings


def meeting_choices() -> QuerySet[Meeting]:
    return Meeting.objects.order_by("-held_on", "-pk")


def meeting_detail(*, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("chair", "chair__agency", "closed_by", "created_by").prefetch_related(
            "topics",
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("invited", queryset=User.objects.select_related("agency").order_by("last_name", "first_name")),
            Prefetch("present", queryset=User.objects.select_related("agency").order_by("last_name", "first_name")),
            Prefetch("agencies_present", queryset=Agency.objects.order_by("sort_order", "name")),
            Prefetch("events", queryset=MeetingEvent.objects.select_related("by")),
        ),
        pk=meeting_id,
    )


def meeting_tasks(*, meeting: Meeting, today: dt.date | None = None) -> QuerySet[Task]:
    return task_rows(today=today).filter(meeting=meeting).order_by("parent_id", "pk")


def carried_forward(*, meeting: Meeting, today: dt.date | None = None) -> QuerySet[Task]:
    """Tasks of earlier meetings that were not done on the day of this one: what it reviews."""
    return (
        task_rows(today=today)
        .filter(meeting__held_on__lt=meeting.held_on)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=meeting.held_on))
        .order_by("meeting__held_on", "pk")
    )


def task_detail(*, task_id: int, today: dt.date | None = None) -> Task:
    return get_object_or_404(
        task_rows(today=today)
        .select_related("created_by", "completion_confirmed_by", "lead_agency__parent")
        .prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.select_related("by").prefetch_related("evidence"),
            ),
            Prefetch(
                "completion_requests", queryset=CompletionRequest.objects.select_related("requested_by", "decided_by")
            ),
            Prefetch(
                "extension_requests", queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by")
            ),
            Prefetch("events", queryset=TaskEvent.objects.select_related("by")),
        ),
        pk=task_id,
    )


def subtasks(*, task: Task, today: dt.date | None = None) -> QuerySet[Task]:
    return task_rows(today=today).filter(parent=task).order_by("pk")


def agency_inbox(*, agency: Agency, today: dt.date | None = None) -> dict[str, QuerySet[Task]]:
    """A unit's tasks: those it leads and those it coordinates, open ones first."""
    return {
        "led": task_rows(today=today).filter(lead_agency=agency).order_by(OPEN_FIRST, "deadline_in_force", "pk"),
        "coordinated": task_rows(today=today)
        .filter(coordinating_agencies=agency)
        .order_by(OPEN_FIRST, "deadline_in_force", "pk"),
    }


def open_tasks(*, agency: Agency | None = None, today: dt.date | None = None) -> QuerySet[Task]:
    """Open tasks by lead agency, then deadline: the province-wide export."""
    tasks = task_rows(today=today).open()
    if agency is not None:
        tasks = tasks.filter(lead_agency=agency)
    return tasks.order_by("lead_agency__sort_order", "lead_agency__name", "deadline_in_force", "pk")


def reminder_logs(*, day: dt.date | None = None, limit: int = 300) -> QuerySet[ReminderLog]:
    logs = ReminderLog.objects.select_related("agency")
    if day is not None:
        logs = logs.filter(day=day)
    return logs.order_by("-day", "agency__sort_order", "agency__name")[:limit]


def agencies_with_tasks() -> QuerySet[Agency]:
    return Agency.objects.filter(Exists(Task.objects.filter(lead_agency=OuterRef("pk")))).order_by("sort_order", "name")


def assignable_agencies() -> QuerySet[Agency]:
    return Agency.objects.order_by("kind", "sort_order", "name")


def members() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("agency").order_by("agency__sort_order", "last_name")


# --- Who may see what (agencies.rules decides; these apply it to meetings' objects) --------------


def can_see_meetings(user: User) -> bool:
    return can(user, Action.VIEW_SHARED)


def can_see_task(user: User, task: Task) -> bool:
    """Meetings' viewers see every task; a unit sees the tasks it leads or coordinates."""
    if can(user, Action.VIEW_SHARED) or can(user, Action.VIEW_OWN, task.lead_agency_id):
        return True
    return (
        user.agency_id is not None
        and can(user, Action.VIEW_OWN, user.agency_id)
        and any(a.pk == user.agency_id for a in task.coordinating_agencies.all())
    )


def can_see_attachment(user: User, attachment: Attachment) -> bool:
    """An attachment follows the rule of what it belongs to."""
    if attachment.meeting_id is not None:
        return can_see_meetings(user)
    task = (
        Task.objects.prefetch_related("coordinating_agencies")
        .only("pk", "lead_agency_id")
        .get(progress_reports=attachment.progress_report_id)
    )
    return can_see_task(user, task)
