"""Pages of meetings and tasks: parse input, check permission (agencies.rules), call one service
or selector, render."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.models import Agency
from agencies.rules import Action, can, require
from cchc_portal.xlsx import xlsx_response
from meetings import exports, selectors, services
from meetings.forms import (
    AttachForm,
    BoardFilterForm,
    CompletionForm,
    ExtensionForm,
    GrantForm,
    MeetingForm,
    ProgressForm,
    ReasonForm,
    TaskForm,
)
from meetings.models import Attachment, CompletionRequest, ExtensionRequest, Meeting, RequestState, Task, TaskStatus


def _counts(tasks) -> list[tuple[TaskStatus, int]]:
    found = Counter(t.status for t in tasks)
    return [(status, found.get(status.value, 0)) for status in TaskStatus]


@login_required
@require_GET
def home(request):
    """The committee's and the standing office's board; a unit's own task inbox."""
    user = request.user
    if can(user, Action.VIEW_SHARED):
        return redirect("meetings:board")
    if user.agency_id and can(user, Action.VIEW_OWN, user.agency_id):
        return redirect("meetings:inbox")
    raise PermissionDenied(_("Meetings and tasks are for the steering committee, its standing office and units."))


# --- Board and meetings -----------------------------------------------------------------------


@login_required
@require_GET
def board(request):
    require(request.user, Action.VIEW_SHARED)
    form = BoardFilterForm(request.GET or None)
    tasks = list(selectors.task_board(filters=form.filters()))
    context = {
        "form": form,
        "tasks": tasks,
        "counts": _counts(tasks),
        "can_manage": can(request.user, Action.MEETING_MANAGE),
        "can_export": can(request.user, Action.EXPORT),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/task_board.html", context)


@login_required
@require_GET
def meeting_list(request):
    require(request.user, Action.VIEW_SHARED)
    return render(
        request,
        "meetings/meeting_list.html",
        {"meetings": selectors.meeting_list(), "can_manage": can(request.user, Action.MEETING_MANAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require(request.user, Action.MEETING_MANAGE)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(by=request.user, **form.service_kwargs())
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting has been recorded. Now assign the tasks of its conclusion."))
            return redirect("meetings:meeting-detail", meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    require(request.user, Action.MEETING_MANAGE)
    meeting = selectors.meeting_detail(meeting_id=pk)
    locked = services.meeting_lock_reason(meeting)
    if locked:
        messages.error(request, locked)
        return redirect("meetings:meeting-detail", meeting.pk)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting_id=meeting.pk, by=request.user, **form.service_kwargs())
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting record has been saved."))
            return redirect("meetings:meeting-detail", meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


def _meeting_page(request, meeting_id: int, *, attach_form=None, reopen_form=None, status: int = 200):
    require(request.user, Action.VIEW_SHARED)
    meeting = selectors.meeting_detail(meeting_id=meeting_id)
    tasks = list(selectors.meeting_tasks(meeting=meeting))
    can_manage = can(request.user, Action.MEETING_MANAGE)
    context = {
        "meeting": meeting,
        "tasks": tasks,
        "counts": _counts(tasks),
        "carried": list(selectors.carried_forward(meeting=meeting)),
        "locked": services.meeting_lock_reason(meeting),
        "can_manage": can_manage,
        "can_export": can(request.user, Action.EXPORT),
        "attach_form": attach_form or AttachForm(),
        "reopen_form": reopen_form or ReasonForm(),
    }
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
@require_GET
def meeting_detail(request, pk: int):
    return _meeting_page(request, pk)


@login_required
@require_POST
def meeting_close(request, pk: int):
    require(request.user, Action.MEETING_MANAGE)
    get_object_or_404(Meeting, pk=pk)
    try:
        services.meeting_close(meeting_id=pk, by=request.user)
    except services.MeetingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The meeting record is closed and now read-only."))
    return redirect("meetings:meeting-detail", pk)


@login_required
@require_POST
def meeting_reopen(request, pk: int):
    require(request.user, Action.MEETING_MANAGE)
    get_object_or_404(Meeting, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_reopen(meeting_id=pk, by=request.user, reason=form.cleaned_data["reason"])
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting record has been reopened; the reason is in its history."))
            return redirect("meetings:meeting-detail", pk)
    return _meeting_page(request, pk, reopen_form=form, status=400)


@login_required
@require_POST
def meeting_attach(request, pk: int):
    require(request.user, Action.MEETING_MANAGE)
    get_object_or_404(Meeting, pk=pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = services.meeting_attach(meeting_id=pk, by=request.user, files=form.cleaned_data["files"])
        except services.MeetingError as exc:
            form.add_error("files", exc.message)
        else:
            messages.success(request, _("%(count)d file(s) attached.") % {"count": len(stored)})
            return redirect("meetings:meeting-detail", pk)
    return _meeting_page(request, pk, attach_form=form, status=400)


@login_required
@require_GET
def attachment_download(request, pk: int):
    """Files are never served from a public URL: each download checks who may see its owner."""
    attachment = get_object_or_404(Attachment, pk=pk)
    if not selectors.can_see_attachment(request.user, attachment):
        raise PermissionDenied(_("You may not open this file."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the storage.")) from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


# --- Tasks -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk: int | None = None):
    """Assign a task: from a meeting's conclusion (pk), or from another directive document."""
    require(request.user, Action.MEETING_MANAGE)
    meeting = get_object_or_404(Meeting.objects.select_related("closed_by"), pk=pk) if pk else None
    if meeting is not None and services.meeting_lock_reason(meeting):
        messages.error(request, services.meeting_lock_reason(meeting))
        return redirect("meetings:meeting-detail", meeting.pk)
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = TaskForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_assign(by=request.user, meeting_id=pk, **form.service_kwargs())
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Task assigned to %(agency)s.") % {"agency": task.lead_agency.display_name})
            if meeting is not None and "another" in request.POST:
                return redirect("meetings:task-create", meeting.pk)
            return (
                redirect("meetings:meeting-detail", meeting.pk)
                if meeting
                else redirect("meetings:task-detail", task.pk)
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/task_form.html", {"form": form, "meeting": meeting}, status=status)


def _task_page(request, task_id: int, status: int = 200, **forms):
    task = selectors.task_detail(task_id=task_id)
    user = request.user
    if not selectors.can_see_task(user, task):
        raise PermissionDenied(_("You may only see the tasks of your own unit."))
    can_report = can(user, Action.TASK_REPORT, task.lead_agency_id) and not task.is_done
    can_manage = can(user, Action.MEETING_MANAGE)
    completions = list(task.completion_requests.all())
    extensions = list(task.extension_requests.all())
    pending_completion = next((r for r in completions if r.state == RequestState.PENDING), None)
    pending_extension = next((r for r in extensions if r.state == RequestState.PENDING), None)
    context = {
        "task": task,
        "subtasks": list(selectors.subtasks(task=task)),
        "completions": completions,
        "extensions": extensions,
        "granted": [r for r in extensions if r.state == RequestState.ACCEPTED],
        "pending_completion": pending_completion,
        "pending_extension": pending_extension,
        "can_report": can_report,
        "can_manage": can_manage,
        "can_see_meeting": can(user, Action.VIEW_SHARED),
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "completion_form": forms.get("completion_form") or CompletionForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "reject_form": forms.get("reject_form") or ReasonForm(),
        "grant_form": forms.get("grant_form")
        or GrantForm(initial={"new_deadline": pending_extension.requested_deadline} if pending_extension else None),
        "refuse_form": forms.get("refuse_form") or ReasonForm(),
    }
    return render(request, "meetings/task_detail.html", context, status=status)


@login_required
@require_GET
def task_detail(request, pk: int):
    return _task_page(request, pk)


def _lead_agency_of(task_id: int) -> int:
    return get_object_or_404(Task.objects.only("lead_agency_id"), pk=task_id).lead_agency_id


def _lead_agency_report(request, pk: int, *, form: forms.Form, service, form_key: str, success: str):
    """The lead agency's three reports on a task (progress, completion, extension): one flow.
    A refusal by the service comes back in the form, with everything typed kept."""
    require(request.user, Action.TASK_REPORT, _lead_agency_of(pk))
    if form.is_valid():
        try:
            service(task_id=pk, by=request.user, **form.cleaned_data)
        except services.MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect("meetings:task-detail", pk)
    return _task_page(request, pk, status=400, **{form_key: form})


@login_required
@require_POST
def task_progress(request, pk: int):
    return _lead_agency_report(
        request,
        pk,
        form=ProgressForm(request.POST, request.FILES),
        service=services.task_report_progress,
        form_key="progress_form",
        success=_("Progress report saved."),
    )


@login_required
@require_POST
def task_completion(request, pk: int):
    return _lead_agency_report(
        request,
        pk,
        form=CompletionForm(request.POST),
        service=services.task_completion_request,
        form_key="completion_form",
        success=_("The standing office has been asked to confirm that the task is done."),
    )


@login_required
@require_POST
def task_extension(request, pk: int):
    return _lead_agency_report(
        request,
        pk,
        form=ExtensionForm(request.POST),
        service=services.task_extension_request,
        form_key="extension_form",
        success=_("The extension request has been sent to the standing office."),
    )


@login_required
@require_POST
def completion_decide(request, pk: int, decision: str):
    require(request.user, Action.MEETING_MANAGE)
    completion = get_object_or_404(CompletionRequest, pk=pk)
    task_id = completion.task_id
    form = ReasonForm(request.POST) if decision == "reject" else None
    try:
        if decision == "confirm":
            services.task_completion_confirm(request_id=pk, by=request.user)
            messages.success(request, _("Completion confirmed: the task is done."))
        elif form.is_valid():
            services.task_completion_reject(request_id=pk, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Completion rejected; the lead agency sees your reason."))
        else:
            return _task_page(request, task_id, status=400, reject_form=form)
    except services.MeetingError as exc:
        if form is None:
            messages.error(request, exc.message)
        else:
            form.add_error(None, exc.message)  # the typed reason stays
            return _task_page(request, task_id, status=400, reject_form=form)
    return redirect("meetings:task-detail", task_id)


@login_required
@require_POST
def extension_decide(request, pk: int, decision: str):
    require(request.user, Action.MEETING_MANAGE)
    extension = get_object_or_404(ExtensionRequest, pk=pk)
    task_id = extension.task_id
    form = GrantForm(request.POST) if decision == "grant" else ReasonForm(request.POST)
    if not form.is_valid():
        key = "grant_form" if decision == "grant" else "refuse_form"
        return _task_page(request, task_id, status=400, **{key: form})
    try:
        if decision == "grant":
            services.task_extension_grant(request_id=pk, by=request.user, **form.cleaned_data)
            messages.success(request, _("Extension granted: the new deadline is in force."))
        else:
            services.task_extension_refuse(request_id=pk, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Extension refused."))
    except services.MeetingError as exc:
        # Keep what the secretariat typed: the form comes back with the reason beside it.
        form.add_error(None, exc.message)
        key = "grant_form" if decision == "grant" else "refuse_form"
        return _task_page(request, task_id, status=400, **{key: form})
    return redirect("meetings:task-detail", task_id)


@login_required
@require_GET
def inbox(request, code: str | None = None):
    """A unit's tasks: those it leads, and those it helps with."""
    user = request.user
    if code is None:
        if user.agency_id is None:
            raise Http404(_("You belong to no unit."))
        agency = user.agency
    else:
        agency = get_object_or_404(Agency, code=code)
    if not (can(user, Action.VIEW_OWN, agency) or can(user, Action.VIEW_SHARED, agency)):
        raise PermissionDenied(_("You may only see the tasks of your own unit."))
    inbox = selectors.agency_inbox(agency=agency)
    context = {
        "agency": agency,
        "led": list(inbox["led"]),
        "coordinated": list(inbox["coordinated"]),
        "can_export": can(user, Action.EXPORT, agency),
    }
    context["counts"] = _counts(context["led"])
    return render(request, "meetings/inbox.html", context)


# --- Exports and reminders ----------------------------------------------------------------------


@login_required
@require_GET
def export_meeting(request, pk: int):
    require(request.user, Action.VIEW_SHARED)
    require(request.user, Action.EXPORT)
    meeting = get_object_or_404(Meeting, pk=pk)
    return xlsx_response(
        exports.meeting_tasks_workbook(meeting=meeting), f"nhiem-vu-cuoc-hop-{meeting.held_on:%Y%m%d}.xlsx"
    )


@login_required
@require_GET
def export_open_tasks(request):
    require(request.user, Action.EXPORT)  # agency=None: the province-wide workbook
    today = timezone.localdate()
    return xlsx_response(exports.open_tasks_workbook(today=today), f"nhiem-vu-chua-hoan-thanh-{today:%Y%m%d}.xlsx")


@login_required
@require_GET
def export_inbox(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.EXPORT, agency)
    today = timezone.localdate()
    content = exports.open_tasks_workbook(today=today, agency=agency)
    return xlsx_response(content, f"nhiem-vu-{agency.code.lower()}-{today:%Y%m%d}.xlsx")


@login_required
@require_GET
def reminders(request):
    """What the morning digests sent, to whom, for the standing office."""
    require(request.user, Action.MEETING_MANAGE)
    return render(
        request,
        "meetings/reminder_list.html",
        {"logs": list(selectors.reminder_logs()), "days": settings.TASK_REMINDER_DAYS},
    )
