"""Every write to meetings and tasks. Pages, commands and Celery call these; each checks the
permission (agencies.rules) and the current state before it changes anything, and leaves a
line in the meeting's or the task's history."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.models import Agency, User
from agencies.rules import Action, require
from meetings.attachments import AttachmentRejected, CheckedFile, check_upload
from meetings.models import (
    Attachment,
    CompletionRequest,
    DiscussionTopic,
    ExtensionRequest,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingKind,
    MeetingState,
    ProgressReport,
    ReminderLog,
    RequestState,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskRecurrence,
    TaskStatus,
)

log = logging.getLogger(__name__)


class MeetingError(Exception):
    """A write refused because of the current state or the data; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MeetingLocked(MeetingError):
    """The meeting record is closed."""


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def meeting_lock_reason(meeting: Meeting) -> str | None:
    if not meeting.is_closed:
        return None
    return _(
        "This meeting record was closed on %(date)s by %(who)s and is read-only. The standing office can "
        "reopen it, giving a reason."
    ) % {
        "date": date_format(timezone.localtime(meeting.closed_at), "SHORT_DATETIME_FORMAT"),
        "who": meeting.closed_by,
    }


def _ensure_open(meeting: Meeting) -> None:
    reason = meeting_lock_reason(meeting)
    if reason:
        raise MeetingLocked(reason)


def _locked_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("closed_by").get(pk=meeting_id)


def _check_meeting_dates(held_on: dt.date, conclusion_date: dt.date | None) -> None:
    if conclusion_date and conclusion_date < held_on:
        raise MeetingError(_("The conclusion notice cannot be dated before the meeting."))


def _store_files(files: Sequence[UploadedFile], *, by: User, now: dt.datetime, **owner) -> list[Attachment]:
    """Check every file first (all or nothing), then store each under a generated name."""
    checked: list[CheckedFile] = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except AttachmentRejected as exc:
            raise MeetingError(exc.message) from exc
    stored = []
    for item in checked:
        attachment = Attachment(
            original_name=item.display_name, kind=item.kind, size=item.size, uploaded_by=by, uploaded_at=now, **owner
        )
        attachment.file.save(item.display_name, item.upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


# --- Meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    by: User,
    kind: MeetingKind | str,
    title: str,
    held_on: dt.date,
    place: str = "",
    chair: User | None = None,
    invited: Iterable[User] = (),
    present: Iterable[User] = (),
    agencies_present: Iterable[Agency] = (),
    agenda: str = "",
    topics: Sequence[str] = (),
    conclusion_number: str = "",
    conclusion_date: dt.date | None = None,
    conclusion_signer: str = "",
    conclusion_text: str = "",
) -> Meeting:
    """Record a steering-committee meeting (the conclusion notice may come later, with meeting_update)."""
    require(by, Action.MEETING_MANAGE)
    _check_meeting_dates(held_on, conclusion_date)
    number = conclusion_number.strip()
    if number and Meeting.objects.filter(conclusion_number=number).exists():
        raise MeetingError(_("Another meeting already has conclusion notice No. %(number)s.") % {"number": number})
    meeting = Meeting.objects.create(
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        chair=chair,
        agenda=agenda,
        conclusion_number=number,
        conclusion_date=conclusion_date,
        conclusion_signer=conclusion_signer.strip(),
        conclusion_text=conclusion_text,
        created_by=by,
    )
    meeting.invited.set(invited)
    meeting.present.set(present)
    meeting.agencies_present.set(agencies_present)
    _set_topics(meeting, topics)
    MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.RECORDED, at=timezone.now(), by=by)
    return meeting


def _set_topics(meeting: Meeting, topics: Sequence[str]) -> bool:
    wanted = [t.strip() for t in topics if t and t.strip()]
    current = list(meeting.topics.values_list("title", flat=True))
    if current == wanted:
        return False
    meeting.topics.all().delete()
    DiscussionTopic.objects.bulk_create(
        [DiscussionTopic(meeting=meeting, order=i, title=title) for i, title in enumerate(wanted, start=1)]
    )
    return True


MEETING_FIELDS = (
    "kind",
    "title",
    "held_on",
    "place",
    "chair",
    "agenda",
    "conclusion_number",
    "conclusion_date",
    "conclusion_signer",
    "conclusion_text",
)
MEETING_M2M = ("invited", "present", "agencies_present")


@transaction.atomic
def meeting_update(*, meeting_id: int, by: User, topics: Sequence[str] | None = None, **changes) -> Meeting:
    """Change an open meeting record. Only fields that really change are written, and named in
    the history."""
    require(by, Action.MEETING_MANAGE)
    meeting = _locked_meeting(meeting_id)
    _ensure_open(meeting)
    unknown = set(changes) - set(MEETING_FIELDS) - set(MEETING_M2M)
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields {sorted(unknown)}")
    if "conclusion_number" in changes:
        changes["conclusion_number"] = changes["conclusion_number"].strip()
        number = changes["conclusion_number"]
        if number and Meeting.objects.filter(conclusion_number=number).exclude(pk=meeting.pk).exists():
            raise MeetingError(_("Another meeting already has conclusion notice No. %(number)s.") % {"number": number})
    changed: list[str] = []
    for name in MEETING_FIELDS:
        if name in changes and getattr(meeting, name) != changes[name]:
            setattr(meeting, name, changes[name])
            changed.append(str(Meeting._meta.get_field(name).verbose_name))
    _check_meeting_dates(meeting.held_on, meeting.conclusion_date)
    if changed:
        meeting.save()
    for name in MEETING_M2M:
        if name in changes:
            relation = getattr(meeting, name)
            wanted = {obj.pk for obj in changes[name]}
            if set(relation.values_list("pk", flat=True)) != wanted:
                relation.set(wanted)
                changed.append(str(Meeting._meta.get_field(name).verbose_name))
    if topics is not None and _set_topics(meeting, topics):
        changed.append(str(DiscussionTopic._meta.verbose_name_plural))
    if changed:
        MeetingEvent.objects.create(
            meeting=meeting, kind=MeetingEventKind.UPDATED, at=timezone.now(), by=by, note=", ".join(changed)
        )
    return meeting


@transaction.atomic
def meeting_close(*, meeting_id: int, by: User) -> Meeting:
    """Close the record: from now on it is read-only (its tasks are still followed up)."""
    require(by, Action.MEETING_MANAGE)
    meeting = _locked_meeting(meeting_id)
    _ensure_open(meeting)
    now = timezone.now()
    meeting.state, meeting.closed_at, meeting.closed_by = MeetingState.CLOSED, now, by
    meeting.save(update_fields=["state", "closed_at", "closed_by"])
    MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.CLOSED, at=now, by=by)
    return meeting


@transaction.atomic
def meeting_reopen(*, meeting_id: int, by: User, reason: str) -> Meeting:
    """Reopen a closed record: an explicit act, recorded with its reason."""
    require(by, Action.MEETING_MANAGE)
    meeting = _locked_meeting(meeting_id)
    if not meeting.is_closed:
        raise MeetingError(_("This meeting record is not closed."))
    if not reason.strip():
        raise MeetingError(_("Give a reason for reopening the meeting record."))
    meeting.state, meeting.closed_at, meeting.closed_by = MeetingState.OPEN, None, None
    meeting.save(update_fields=["state", "closed_at", "closed_by"])
    MeetingEvent.objects.create(
        meeting=meeting, kind=MeetingEventKind.REOPENED, at=timezone.now(), by=by, note=reason.strip()
    )
    return meeting


@transaction.atomic
def meeting_attach(*, meeting_id: int, by: User, files: Sequence[UploadedFile]) -> list[Attachment]:
    """Attach PDF/DOCX/XLSX files (conclusion notice, minutes, reports) to an open meeting record."""
    require(by, Action.MEETING_MANAGE)
    meeting = _locked_meeting(meeting_id)
    _ensure_open(meeting)
    if not files:
        raise MeetingError(_("Choose at least one file."))
    now = timezone.now()
    stored = _store_files(files, by=by, now=now, meeting=meeting)
    MeetingEvent.objects.create(
        meeting=meeting,
        kind=MeetingEventKind.ATTACHMENT_ADDED,
        at=now,
        by=by,
        note=", ".join(a.original_name for a in stored),
    )
    return stored


# --- Tasks --------------------------------------------------------------------------------------


def _event(task: Task, kind: TaskEventKind, by: User, note: str = "", at: dt.datetime | None = None) -> TaskEvent:
    return TaskEvent.objects.create(task=task, kind=kind, at=at or timezone.now(), by=by, note=note)


def _locked_task(task_id: int) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("lead_agency", "meeting")
        .with_deadline_in_force()
        .get(pk=task_id)
    )


@transaction.atomic
def task_assign(
    *,
    by: User,
    title: str,
    lead_agency: Agency,
    deadline: dt.date | None = None,
    recurrence: TaskRecurrence | str = TaskRecurrence.NONE,
    meeting_id: int | None = None,
    source_document: str = "",
    content: str = "",
    coordinating_agencies: Iterable[Agency] = (),
    parent_id: int | None = None,
) -> Task:
    """Assign a task from a meeting's conclusion (meeting_id) or from another directive document
    (source_document). A sub-task (parent_id) comes from its parent's source."""
    require(by, Action.MEETING_MANAGE)
    parent = Task.objects.select_related("meeting").get(pk=parent_id) if parent_id else None
    if parent is not None:
        if meeting_id is not None and meeting_id != parent.meeting_id:
            raise MeetingError(_("A sub-task comes from the same meeting as its parent task."))
        meeting_id = parent.meeting_id
        source_document = source_document or parent.source_document
    meeting = None
    if meeting_id is not None:
        meeting = _locked_meeting(meeting_id)
        _ensure_open(meeting)
    elif not source_document.strip():
        raise MeetingError(_("Name the directive document that assigns the task."))
    if deadline is None and not recurrence:
        raise MeetingError(_("Give a deadline, or say that the task is regular or recurring."))
    if deadline and meeting and deadline < meeting.held_on:
        raise MeetingError(_("The deadline cannot be before the meeting that assigned the task."))
    if not title.strip():
        raise MeetingError(_("Give the task a title."))
    task = Task.objects.create(
        meeting=meeting,
        source_document=source_document.strip(),
        parent=parent,
        title=title.strip(),
        content=content,
        lead_agency=lead_agency,
        deadline=deadline,
        recurrence=recurrence or TaskRecurrence.NONE,
        created_by=by,
    )
    task.coordinating_agencies.set([a for a in coordinating_agencies if a.pk != lead_agency.pk])
    _event(
        task,
        TaskEventKind.ASSIGNED,
        by,
        _("Lead agency: %(agency)s; deadline: %(deadline)s")
        % {"agency": lead_agency.name, "deadline": _d(deadline) if deadline else task.get_recurrence_display()},
    )
    return task


def _ensure_not_done(task: Task) -> None:
    if task.is_done:
        raise MeetingError(
            _("This task was confirmed done (completed on %(date)s); it takes no more reports or requests.")
            % {"date": _d(task.completed_on)}
        )


def _ensure_not_future(day: dt.date, message: str) -> None:
    if day > timezone.localdate():
        raise MeetingError(message)


def _ensure_not_before_assignment(task: Task, day: dt.date) -> None:
    """Work reported on a task cannot predate the meeting that assigned it (nor a completion
    date be pushed back to turn an overdue task into one done on time)."""
    meeting = task.meeting or (task.parent.meeting if task.parent_id else None)
    if meeting is not None and day < meeting.held_on:
        raise MeetingError(
            _("The date cannot be before the meeting that assigned the task (%(date)s).")
            % {"date": _d(meeting.held_on)}
        )


@transaction.atomic
def task_report_progress(
    *,
    task_id: int,
    by: User,
    reported_on: dt.date,
    text: str,
    percent: int,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """The lead agency reports progress, with evidence files."""
    task = _locked_task(task_id)
    require(by, Action.TASK_REPORT, task.lead_agency)
    _ensure_not_done(task)
    _ensure_not_future(reported_on, _("The report date cannot be in the future."))
    _ensure_not_before_assignment(task, reported_on)
    if not 0 <= percent <= 100:
        raise MeetingError(_("The percentage done is between 0 and 100."))
    if not text.strip():
        raise MeetingError(_("Say what has been done."))
    now = timezone.now()
    report = ProgressReport.objects.create(
        task=task, reported_on=reported_on, text=text.strip(), percent=percent, by=by, at=now
    )
    evidence = _store_files(files, by=by, now=now, progress_report=report)
    note = _("%(percent)d%% on %(date)s") % {"percent": percent, "date": _d(reported_on)}
    if evidence:
        note += " · " + ", ".join(a.original_name for a in evidence)
    _event(task, TaskEventKind.PROGRESS, by, note, at=now)
    return report


@transaction.atomic
def task_completion_request(*, task_id: int, by: User, completed_on: dt.date, note: str = "") -> CompletionRequest:
    """The lead agency reports the task done on `completed_on` and asks the standing office to close it."""
    task = _locked_task(task_id)
    require(by, Action.TASK_REPORT, task.lead_agency)
    _ensure_not_done(task)
    _ensure_not_future(completed_on, _("The completion date cannot be in the future."))
    _ensure_not_before_assignment(task, completed_on)
    if task.completion_requests.filter(state=RequestState.PENDING).exists():
        raise MeetingError(_("A completion report is already waiting for the standing office."))
    request = CompletionRequest.objects.create(
        task=task, completed_on=completed_on, note=note.strip(), requested_by=by, requested_at=timezone.now()
    )
    _event(task, TaskEventKind.COMPLETION_REQUESTED, by, _("Completed on %(date)s") % {"date": _d(completed_on)})
    return request


def _pending(model, request_id: int):
    request = model.objects.select_for_update().get(pk=request_id)
    if request.state != RequestState.PENDING:
        raise MeetingError(_("This request was already decided."))
    return request


@transaction.atomic
def task_completion_confirm(*, request_id: int, by: User) -> Task:
    """The standing office confirms: the task is done as of the date the agency reported."""
    require(by, Action.MEETING_MANAGE)
    request = _pending(CompletionRequest, request_id)
    task = _locked_task(request.task_id)
    _ensure_not_done(task)
    now = timezone.now()
    request.state, request.decided_by, request.decided_at = RequestState.ACCEPTED, by, now
    request.save(update_fields=["state", "decided_by", "decided_at"])
    task.completed_on, task.completion_confirmed_at, task.completion_confirmed_by = request.completed_on, now, by
    task.save(update_fields=["completed_on", "completion_confirmed_at", "completion_confirmed_by"])
    # A request for more time means nothing once the task is done.
    for extension in task.extension_requests.select_for_update().filter(state=RequestState.PENDING):
        extension.state, extension.decided_by, extension.decided_at = RequestState.REFUSED, by, now
        extension.decision_reason = _("The task was confirmed done.")
        extension.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        _event(task, TaskEventKind.EXTENSION_REFUSED, by, extension.decision_reason, at=now)
    status = TaskStatus(
        TaskStatus.DONE_ON_TIME
        if task.deadline_in_force is None or request.completed_on <= task.deadline_in_force
        else TaskStatus.DONE_LATE
    )
    _event(
        task,
        TaskEventKind.COMPLETION_CONFIRMED,
        by,
        _("Completed on %(date)s: %(status)s") % {"date": _d(request.completed_on), "status": status.label},
        at=now,
    )
    return task


@transaction.atomic
def task_completion_reject(*, request_id: int, by: User, reason: str) -> CompletionRequest:
    require(by, Action.MEETING_MANAGE)
    if not reason.strip():
        raise MeetingError(_("Give the reason for rejecting the completion report."))
    request = _pending(CompletionRequest, request_id)
    request.state, request.decided_by, request.decided_at = RequestState.REFUSED, by, timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    _event(request.task, TaskEventKind.COMPLETION_REJECTED, by, request.decision_reason, at=request.decided_at)
    return request


@transaction.atomic
def task_extension_request(*, task_id: int, by: User, requested_deadline: dt.date, reason: str) -> ExtensionRequest:
    """The lead agency asks for a later deadline."""
    task = _locked_task(task_id)
    require(by, Action.TASK_REPORT, task.lead_agency)
    _ensure_not_done(task)
    if task.deadline_in_force is None:
        raise MeetingError(_("This task has no deadline to extend."))
    if requested_deadline <= task.deadline_in_force:
        raise MeetingError(
            _("Ask for a deadline after the one in force (%(date)s).") % {"date": _d(task.deadline_in_force)}
        )
    if not reason.strip():
        raise MeetingError(_("Say why more time is needed."))
    if task.extension_requests.filter(state=RequestState.PENDING).exists():
        raise MeetingError(_("An extension request is already waiting for the standing office."))
    request = ExtensionRequest.objects.create(
        task=task,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=by,
        requested_at=timezone.now(),
    )
    _event(
        task,
        TaskEventKind.EXTENSION_REQUESTED,
        by,
        _("Until %(date)s: %(reason)s") % {"date": _d(requested_deadline), "reason": request.reason},
    )
    return request


@transaction.atomic
def task_extension_grant(*, request_id: int, by: User, new_deadline: dt.date, reason: str) -> ExtensionRequest:
    """The standing office grants a new deadline (not necessarily the one asked for), with a reason.
    The original deadline stays on the task; the new one is in force from now on."""
    require(by, Action.MEETING_MANAGE)
    request = _pending(ExtensionRequest, request_id)
    task = _locked_task(request.task_id)
    _ensure_not_done(task)
    if not reason.strip():
        raise MeetingError(_("Give the reason for the extension."))
    if task.deadline_in_force and new_deadline <= task.deadline_in_force:
        raise MeetingError(
            _("The new deadline must be after the one in force (%(date)s).") % {"date": _d(task.deadline_in_force)}
        )
    request.state, request.decided_by, request.decided_at = RequestState.ACCEPTED, by, timezone.now()
    request.granted_deadline, request.decision_reason = new_deadline, reason.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "granted_deadline", "decision_reason"])
    _event(
        task,
        TaskEventKind.EXTENSION_GRANTED,
        by,
        _("Deadline moved from %(old)s to %(new)s: %(reason)s")
        % {"old": _d(task.deadline_in_force), "new": _d(new_deadline), "reason": request.decision_reason},
        at=request.decided_at,
    )
    return request


@transaction.atomic
def task_extension_refuse(*, request_id: int, by: User, reason: str) -> ExtensionRequest:
    require(by, Action.MEETING_MANAGE)
    if not reason.strip():
        raise MeetingError(_("Give the reason for refusing the extension."))
    request = _pending(ExtensionRequest, request_id)
    request.state, request.decided_by, request.decided_at = RequestState.REFUSED, by, timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    _event(request.task, TaskEventKind.EXTENSION_REFUSED, by, request.decision_reason, at=request.decided_at)
    return request


# --- Reminders ----------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    day: dt.date
    sent: list[ReminderLog] = field(default_factory=list)
    already_sent: list[Agency] = field(default_factory=list)
    no_address: list[Agency] = field(default_factory=list)
    failed: list[Agency] = field(default_factory=list)


def reminder_tasks(*, day: dt.date, days: int | None = None):
    """Open tasks with a deadline in force before `day` + TASK_REMINDER_DAYS (overdue ones included)."""
    horizon = day + dt.timedelta(days=settings.TASK_REMINDER_DAYS if days is None else days)
    return (
        Task.objects.open()
        .with_status(day)
        .filter(deadline_in_force__isnull=False, deadline_in_force__lte=horizon)
        .select_related("lead_agency", "meeting")
        .order_by("lead_agency__sort_order", "lead_agency__name", "deadline_in_force", "pk")
    )


def reminder_digest(*, agency: Agency, day: dt.date, tasks: Sequence[Task]) -> tuple[str, str]:
    """Subject and text of one unit's digest, always in Vietnamese."""
    overdue = [t for t in tasks if t.status == TaskStatus.OVERDUE]
    due_soon = [t for t in tasks if t.status != TaskStatus.OVERDUE]
    for t in tasks:
        t.days = (t.deadline_in_force - day).days
        t.days_late = -t.days
    with translation.override("vi"):
        subject = _("[CCHC portal] Tasks of %(agency)s on %(date)s: %(overdue)d overdue, %(soon)d due soon") % {
            "agency": agency.display_name,
            "date": _d(day),
            "overdue": len(overdue),
            "soon": len(due_soon),
        }
        body = render_to_string(
            "meetings/email/reminder_digest.txt",
            {
                "agency": agency,
                "day": day,
                "overdue": overdue,
                "due_soon": due_soon,
                "days": settings.TASK_REMINDER_DAYS,
            },
        )
    return subject, body


def reminders_send(*, day: dt.date | None = None) -> ReminderRun:
    """Send each unit one digest of its tasks due within TASK_REMINDER_DAYS and overdue.

    Safe to run twice, even at the same time: the ReminderLog row (unique per unit and day) is
    written in the same transaction as the mail is sent, so a unit gets at most one digest a day;
    a mail that fails rolls its row back and goes out on the next run."""
    day = day or timezone.localdate()
    run = ReminderRun(day=day)
    by_agency: dict[int, list[Task]] = {}
    agencies: dict[int, Agency] = {}
    for task in reminder_tasks(day=day):
        by_agency.setdefault(task.lead_agency_id, []).append(task)
        agencies[task.lead_agency_id] = task.lead_agency
    done_today = set(ReminderLog.objects.filter(day=day).values_list("agency_id", flat=True))
    for agency_id, tasks in by_agency.items():
        agency = agencies[agency_id]
        if not agency.is_active_on(day):
            continue  # a merged or closed unit has no mailbox to remind
        if agency_id in done_today:
            run.already_sent.append(agency)
            continue
        recipients = agency.email_list()
        if not recipients:
            run.no_address.append(agency)
            continue
        subject, body = reminder_digest(agency=agency, day=day, tasks=tasks)
        overdue = sum(1 for t in tasks if t.status == TaskStatus.OVERDUE)
        try:
            with transaction.atomic():
                entry = ReminderLog.objects.create(
                    agency=agency,
                    day=day,
                    sent_at=timezone.now(),
                    recipients=",".join(recipients),
                    subject=subject,
                    body=body,
                    due_soon_count=len(tasks) - overdue,
                    overdue_count=overdue,
                )
                EmailMessage(subject=subject, body=body, to=recipients).send()
        except IntegrityError:
            run.already_sent.append(agency)  # another run sent it a moment ago
        except Exception:  # noqa: BLE001 - one unit's mail server trouble must not stop the others
            log.exception("Task reminder to %s failed; it will be sent on the next run", agency.code)
            run.failed.append(agency)
        else:
            run.sent.append(entry)
    return run
