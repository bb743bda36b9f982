"""Workbooks: a meeting's tasks, and every open task by lead agency. Headers are Vietnamese (the
province's documents are), dates are real Excel dates shown dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from agencies.models import Agency
from cchc_portal.xlsx import safe_row, text_cell
from meetings import selectors
from meetings.models import Meeting, Task, TaskStatus

DATE_FORMAT = "DD/MM/YYYY"


def _headers() -> list[str]:
    return [
        _("No."),
        pgettext("meetings", "Task"),
        _("Source"),
        _("Lead agency"),
        _("Coordinating agencies"),
        _("Original deadline"),
        _("Deadline in force"),
        _("Progress (%)"),
        _("Completed on"),
        pgettext("meetings", "Status"),
    ]


def _cell(sheet, value, *, bold: bool = False, date: bool = False, wrap: bool = False) -> WriteOnlyCell:
    # Text stays text: a task titled "=..." is not a formula (cchc_portal.xlsx).
    cell = text_cell(sheet, value) if isinstance(value, str | Promise) else WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if date and value is not None:
        cell.number_format = DATE_FORMAT
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _task_row(sheet, number: int, task: Task) -> list:
    deadline = task.deadline or task.get_recurrence_display()
    return safe_row(
        sheet,
        [
            number,
            _cell(sheet, task.title, wrap=True),
            task.source_label,
            task.lead_agency.name,
            ", ".join(a.display_name for a in task.coordinating_agencies.all()),
            _cell(sheet, deadline, date=isinstance(deadline, dt.date)),  # a date, or "Regular, ongoing"
            _cell(sheet, task.deadline_in_force, date=True),
            task.last_percent,
            _cell(sheet, task.completed_on, date=True),
            str(TaskStatus(task.status).label),
        ],
    )


def _widths(sheet) -> None:
    for column, width in zip("ABCDEFGHIJ", (6, 60, 30, 32, 32, 14, 14, 10, 14, 26), strict=True):
        sheet.column_dimensions[column].width = width


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tasks_sheet(workbook: Workbook, title: str, heading: Iterable[str], tasks: Iterable[Task]) -> dict[str, int]:
    sheet = workbook.create_sheet(title)
    _widths(sheet)
    for line in heading:
        sheet.append([_cell(sheet, line, bold=True)])
    sheet.append([])
    sheet.append([_cell(sheet, h, bold=True) for h in _headers()])
    counts = {status.value: 0 for status in TaskStatus}
    for number, task in enumerate(tasks, start=1):
        sheet.append(_task_row(sheet, number, task))
        counts[task.status] += 1
    return counts


def meeting_tasks_workbook(*, meeting: Meeting, today: dt.date | None = None) -> bytes:
    """The meeting's tasks with their status, then the count of each status."""
    today = today or timezone.localdate()
    with translation.override("vi"):
        workbook = Workbook(write_only=True)
        heading = [meeting.title, meeting.conclusion_label or meeting.held_on.strftime("%d/%m/%Y")]
        heading.append(_("Status as of %(date)s") % {"date": today.strftime("%d/%m/%Y")})
        counts = _tasks_sheet(
            workbook, _("Tasks"), heading, selectors.meeting_tasks(meeting=meeting, today=today).iterator(500)
        )
        summary = workbook.create_sheet(pgettext("meetings", "Summary"))
        summary.append(
            [_cell(summary, pgettext("meetings", "Status"), bold=True), _cell(summary, _("Tasks"), bold=True)]
        )
        for status in TaskStatus:
            summary.append([str(status.label), counts[status.value]])
        summary.append([_cell(summary, _("Total"), bold=True), sum(counts.values())])
        return _save(workbook)


def open_tasks_workbook(*, today: dt.date | None = None, agency: Agency | None = None) -> bytes:
    """Every task not yet done, grouped by lead agency, with a summary sheet per agency."""
    today = today or timezone.localdate()
    with translation.override("vi"):
        tasks = list(selectors.open_tasks(agency=agency, today=today))
        workbook = Workbook(write_only=True)
        summary = workbook.create_sheet(_("By agency"))
        summary.column_dimensions["A"].width = 45
        summary.append(
            [_cell(summary, _("Open tasks as of %(date)s") % {"date": today.strftime("%d/%m/%Y")}, bold=True)]
        )
        summary.append([])
        summary.append(
            [
                _cell(summary, h, bold=True)
                for h in (_("Lead agency"), TaskStatus.IN_PROGRESS.label, TaskStatus.OVERDUE.label, _("Total"))
            ]
        )
        per_agency: dict[int, list[Task]] = {}
        for task in tasks:
            per_agency.setdefault(task.lead_agency_id, []).append(task)
        for agency_tasks in per_agency.values():
            overdue = sum(1 for t in agency_tasks if t.status == TaskStatus.OVERDUE)
            summary.append([agency_tasks[0].lead_agency.name, len(agency_tasks) - overdue, overdue, len(agency_tasks)])
        overdue = sum(1 for t in tasks if t.status == TaskStatus.OVERDUE)
        summary.append([_cell(summary, _("Total"), bold=True), len(tasks) - overdue, overdue, len(tasks)])
        heading = [_("Open tasks as of %(date)s") % {"date": today.strftime("%d/%m/%Y")}]
        if agency is not None:
            heading.append(agency.name)
        _tasks_sheet(workbook, _("Open tasks"), heading, tasks)
        return _save(workbook)
