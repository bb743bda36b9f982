"""Steering-committee meetings, the tasks their conclusions assign, and the follow-up of each task.

Meetings follow Decision 45/2018/QĐ-TTg (conclusions issued as a Thông báo kết luận); task follow-up
follows Decision 42/2014/QĐ-TTg as amended by 23/2018/QĐ-TTg (in Hà Giang, Decision 18/2016/QĐ-UBND):
a task's status is one of four official ones and is *derived*, never typed (see `status.py`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from meetings.status import TaskQuerySet


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly meeting")
    SIX_MONTH = "six_month", _("Six-month review")
    ANNUAL = "annual", _("Annual review")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")


class MeetingState(models.TextChoices):
    OPEN = "open", _("Open for editing")
    CLOSED = "closed", _("Closed (read-only)")


class Meeting(models.Model):
    """A meeting of the provincial CCHC steering committee and its conclusion notice."""

    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members invited"), blank=True, related_name="meetings_invited"
    )
    present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members present"), blank=True, related_name="meetings_attended"
    )
    agencies_present = models.ManyToManyField(
        Agency, verbose_name=_("units present"), blank=True, related_name="meetings_attended"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    conclusion_number = models.CharField(_("conclusion notice number"), max_length=64, blank=True)
    conclusion_date = models.DateField(_("conclusion notice date"), null=True, blank=True)
    conclusion_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    conclusion_text = models.TextField(_("conclusions"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion_date__isnull=True) | Q(conclusion_date__gte=models.F("held_on")),
                name="meeting_conclusion_after_meeting",
            ),
            models.CheckConstraint(
                condition=(Q(state=MeetingState.OPEN) & Q(closed_at__isnull=True))
                | (Q(state=MeetingState.CLOSED) & Q(closed_at__isnull=False)),
                name="meeting_closed_has_closed_at",
            ),
            # A conclusion notice number identifies one notice.
            models.UniqueConstraint(
                fields=["conclusion_number"], condition=~Q(conclusion_number=""), name="meeting_conclusion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def is_closed(self) -> bool:
        return self.state == MeetingState.CLOSED

    @property
    def conclusion_label(self) -> str:
        """ "Thông báo kết luận số 52/TB-BCĐ ngày 20/06/2019" — the way the notice is cited."""
        if not self.conclusion_number:
            return ""
        if self.conclusion_date:
            return _("Conclusion notice No. %(number)s of %(date)s") % {
                "number": self.conclusion_number,
                "date": self.conclusion_date.strftime("%d/%m/%Y"),
            }
        return _("Conclusion notice No. %(number)s") % {"number": self.conclusion_number}


class DiscussionTopic(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("topic"), max_length=500)

    class Meta:
        verbose_name = _("discussion topic")
        verbose_name_plural = _("discussion topics")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingEventKind(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    UPDATED = "updated", _("updated")
    ATTACHMENT_ADDED = "attachment_added", _("attachment added")
    CLOSED = "closed", pgettext_lazy("meetings", "closed")
    REOPENED = "reopened", pgettext_lazy("meetings", "reopened")


class MeetingEvent(models.Model):
    """Append-only history of a meeting record: who recorded, changed, closed or reopened it, and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=MeetingEventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=MeetingEventKind.REOPENED) | ~Q(note=""), name="meeting_reopen_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class TaskRecurrence(models.TextChoices):
    NONE = "", _("One-off (has a deadline)")
    REGULAR = "regular", _("Regular, ongoing")
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    YEARLY = "yearly", _("Yearly report")


class TaskStatus(models.TextChoices):
    """The four official statuses (Decision 42/2014/QĐ-TTg, amended by 23/2018/QĐ-TTg)."""

    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    IN_PROGRESS = "in_progress", _("Not done, within deadline")
    OVERDUE = "overdue", _("Not done, overdue")


class Task(models.Model):
    """A task assigned by a meeting's conclusion or by another directive document."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    source_document = models.CharField(
        _("source document"),
        max_length=255,
        blank=True,
        help_text=_("The directive document that assigns the task, when it is not a meeting's conclusion."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent task"), null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks"
    )
    title = models.CharField(pgettext_lazy("meetings", "task"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="tasks_led"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("coordinating agencies"), blank=True, related_name="tasks_coordinated"
    )
    # The deadline the conclusion set. Extensions never overwrite it: the deadline in force is the
    # latest granted extension (status.py), so both stay visible.
    deadline = models.DateField(_("original deadline"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=TaskRecurrence.choices, default=TaskRecurrence.NONE, blank=True
    )
    # "Done" is the date the lead agency reported, set only once the secretariat confirmed it.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_confirmed_at = models.DateTimeField(_("completion confirmed at"), null=True, blank=True)
    completion_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completion confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("meetings", "task")
        verbose_name_plural = _("tasks")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=False) | ~Q(recurrence=TaskRecurrence.NONE),
                name="task_deadline_or_recurrence",
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | ~Q(source_document=""), name="task_has_a_source"
            ),
            models.CheckConstraint(
                condition=(Q(completed_on__isnull=True) & Q(completion_confirmed_at__isnull=True))
                | (Q(completed_on__isnull=False) & Q(completion_confirmed_at__isnull=False)),
                name="task_done_only_when_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["lead_agency", "completed_on"]), models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    @property
    def source_label(self) -> str:
        if self.meeting_id is None:
            return self.source_document
        return self.meeting.conclusion_label or str(self.meeting)


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the standing office")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class ProgressReport(models.Model):
    """What the lead agency reports: date, text, percent done, evidence files."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress_reports")
    reported_on = models.DateField(_("report date"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent done"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on} {self.percent}%"


class CompletionRequest(models.Model):
    """The lead agency says the task is done (and on which day); the secretariat confirms or rejects."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="completion_requests")
    completed_on = models.DateField(_("completed on"))
    note = models.TextField(_("completion report"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("completion request")
        verbose_name_plural = _("completion requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(state=RequestState.PENDING), name="completion_one_pending_per_task"
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.REFUSED) | ~Q(decision_reason=""), name="completion_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.PENDING) | Q(decided_at__isnull=False), name="completion_decided_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.completed_on} {self.state}"


class ExtensionRequest(models.Model):
    """The lead agency asks for a later deadline; the secretariat grants one (with a reason) or refuses."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extension_requests")
    requested_deadline = models.DateField(_("deadline asked for"))
    reason = models.TextField(_("reason given"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    granted_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(state=RequestState.PENDING), name="extension_one_pending_per_task"
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.ACCEPTED)
                | (Q(granted_deadline__isnull=False) & ~Q(decision_reason="")),
                name="extension_grant_has_deadline_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=RequestState.REFUSED) | ~Q(decision_reason=""), name="extension_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.PENDING) | Q(decided_at__isnull=False), name="extension_decided_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.requested_deadline} {self.state}"


class TaskEventKind(models.TextChoices):
    ASSIGNED = "assigned", _("Task assigned")
    UPDATED = "updated", _("Task changed")
    PROGRESS = "progress", _("Progress reported")
    COMPLETION_REQUESTED = "completion_requested", _("Asked to close the task")
    COMPLETION_CONFIRMED = "completion_confirmed", _("Completion confirmed")
    COMPLETION_REJECTED = "completion_rejected", _("Completion rejected")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")


class TaskEvent(models.Model):
    """The task's history, append-only: every report, request and decision, who and when."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=24, choices=TaskEventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name under the private storage: the uploaded name is never part of the path."""
    return f"meetings/{uuid.uuid4().hex}.{instance.kind}"


class Attachment(models.Model):
    """A file of a meeting (conclusion notice, minutes) or evidence of a progress report.

    Stored under PRIVATE_MEDIA_ROOT with a generated name; served by a view that checks the same
    permission as the object it belongs to."""

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")
    progress_report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=4, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(meeting__isnull=False) & Q(progress_report__isnull=True))
                | (Q(meeting__isnull=True) & Q(progress_report__isnull=False)),
                name="attachment_belongs_to_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReminderLog(models.Model):
    """One morning digest to one unit. The unique (agency, day) pair is what makes the job safe to run
    twice: a second run finds the row and sends nothing."""

    agency = models.ForeignKey(Agency, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="task_reminders")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.TextField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    due_soon_count = models.PositiveIntegerField(_("due soon"))
    overdue_count = models.PositiveIntegerField(_("overdue"))

    class Meta:
        verbose_name = _("task reminder")
        verbose_name_plural = _("task reminders")
        ordering = ["-day", "agency__sort_order", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="reminder_one_per_agency_and_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"

    @property
    def recipient_list(self) -> list[str]:
        return [r for r in self.recipients.split(",") if r]
