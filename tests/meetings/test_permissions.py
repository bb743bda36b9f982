"""Every meetings view over HTTP, for each of the five roles, on their own unit and another unit
(the style of tests/agencies/test_permission_matrix.py).

The rules (agencies.rules): MEETING_MANAGE (record meetings, assign tasks, confirm completion,
grant extensions) is the secretariat's; TASK_REPORT on the lead agency (report progress, ask to
close or extend) is its staff's and head's; meetings, the board and every task need VIEW_SHARED
(secretariat, committee, admin), a unit's own tasks VIEW_OWN; attachments follow their owner;
province-wide workbooks need EXPORT on no unit, a unit's own workbook EXPORT on that unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from agencies.models import Role
from meetings import services
from meetings.models import CompletionRequest, ExtensionRequest, Meeting, ProgressReport, Task
from tests.factories import UserFactory
from tests.meetings.conftest import PDF_BYTES, ROLES, upload

D = dt.date
STAFF, HEAD, SEC, COM, ADM = ROLES
UNITS = {STAFF, HEAD}
SHARED = {SEC, COM, ADM}
EVERYONE = set(ROLES)


@dataclass
class World:
    meeting: Meeting
    closed: Meeting
    own_task: Task
    other_task: Task
    decide_own: Task
    decide_other: Task
    meeting_file: int
    own_evidence: int
    other_evidence: int


@pytest.fixture
def world(people, units, make_meeting, make_task, sec, frozen) -> World:
    frozen(D(2019, 7, 1))
    own, other = units
    other_staff = UserFactory(role=Role.STAFF, agency=other)
    meeting = make_meeting(held_on=D(2019, 6, 13))
    [meeting_file] = services.meeting_attach(meeting_id=meeting.pk, by=sec, files=[upload("kl.pdf", PDF_BYTES)])
    closed = make_meeting(held_on=D(2019, 3, 28))
    services.meeting_close(meeting_id=closed.pk, by=sec)
    own_task = make_task(meeting, lead=own, title="Của đơn vị mình")
    other_task = make_task(meeting, lead=other, title="Của đơn vị khác")
    decide_own = make_task(meeting, lead=own, title="Chờ quyết định (mình)")
    decide_other = make_task(meeting, lead=other, title="Chờ quyết định (khác)")
    evidence = {}
    for task, reporter in ((own_task, people[STAFF]), (other_task, other_staff)):
        report = services.task_report_progress(
            task_id=task.pk,
            by=reporter,
            reported_on=D(2019, 7, 1),
            text="x",
            percent=10,
            files=[upload("mc.pdf", PDF_BYTES)],
        )
        evidence[task.pk] = report.evidence.get().pk
    for task, reporter in ((decide_own, people[STAFF]), (decide_other, other_staff)):
        services.task_completion_request(task_id=task.pk, by=reporter, completed_on=D(2019, 7, 1))
        services.task_extension_request(task_id=task.pk, by=reporter, requested_deadline=D(2019, 12, 31), reason="x")
    return World(
        meeting,
        closed,
        own_task,
        other_task,
        decide_own,
        decide_other,
        meeting_file.pk,
        evidence[own_task.pk],
        evidence[other_task.pk],
    )


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: set[str]
    data: Callable[[World], dict] = lambda w: {}
    ok: int = 200
    changed: Callable[[World], bool] | None = None  # did the write happen?


def completion(w: World, task: Task) -> int:
    return CompletionRequest.objects.get(task=task).pk


def extension(w: World, task: Task) -> int:
    return ExtensionRequest.objects.get(task=task).pk


u = reverse
CASES = [
    # --- reading ---
    Case("board", "GET", lambda w: u("meetings:board"), SHARED),
    Case("meeting list", "GET", lambda w: u("meetings:meeting-list"), SHARED),
    Case("meeting page", "GET", lambda w: u("meetings:meeting-detail", args=[w.meeting.pk]), SHARED),
    Case("own unit's task", "GET", lambda w: u("meetings:task-detail", args=[w.own_task.pk]), EVERYONE),
    Case("other unit's task", "GET", lambda w: u("meetings:task-detail", args=[w.other_task.pk]), SHARED),
    Case("my inbox", "GET", lambda w: u("meetings:inbox"), EVERYONE),
    Case("own unit's inbox", "GET", lambda w: u("meetings:agency-inbox", args=["OWN"]), EVERYONE),
    Case("other unit's inbox", "GET", lambda w: u("meetings:agency-inbox", args=["OTHER"]), SHARED),
    Case("reminders sent", "GET", lambda w: u("meetings:reminders"), {SEC}),
    # --- attachments follow their owner ---
    Case("meeting attachment", "GET", lambda w: u("meetings:attachment", args=[w.meeting_file]), SHARED),
    Case("own evidence", "GET", lambda w: u("meetings:attachment", args=[w.own_evidence]), EVERYONE),
    Case("other unit's evidence", "GET", lambda w: u("meetings:attachment", args=[w.other_evidence]), SHARED),
    # --- exports ---
    Case("meeting workbook", "GET", lambda w: u("meetings:meeting-export", args=[w.meeting.pk]), SHARED),
    Case("open tasks workbook", "GET", lambda w: u("meetings:open-tasks-export"), SHARED),
    Case("own unit's workbook", "GET", lambda w: u("meetings:agency-export", args=["OWN"]), EVERYONE),
    Case("other unit's workbook", "GET", lambda w: u("meetings:agency-export", args=["OTHER"]), SHARED),
    # --- managing meetings and tasks: the secretariat ---
    Case("new meeting form", "GET", lambda w: u("meetings:meeting-create"), {SEC}),
    Case(
        "record a meeting",
        "POST",
        lambda w: u("meetings:meeting-create"),
        {SEC},
        data=lambda w: {"kind": "quarterly", "title": "Mới", "held_on": "26/09/2019"},
        ok=302,
        changed=lambda w: Meeting.objects.filter(title="Mới").exists(),
    ),
    Case("edit form", "GET", lambda w: u("meetings:meeting-edit", args=[w.meeting.pk]), {SEC}),
    Case(
        "edit a meeting",
        "POST",
        lambda w: u("meetings:meeting-edit", args=[w.meeting.pk]),
        {SEC},
        data=lambda w: {"kind": "quarterly", "title": "Đã sửa", "held_on": "13/06/2019"},
        ok=302,
        changed=lambda w: Meeting.objects.filter(title="Đã sửa").exists(),
    ),
    Case(
        "attach a file",
        "POST",
        lambda w: u("meetings:meeting-attach", args=[w.meeting.pk]),
        {SEC},
        data=lambda w: {"files": [upload("bb.pdf", PDF_BYTES)]},
        ok=302,
        changed=lambda w: w.meeting.attachments.count() == 2,
    ),
    Case(
        "close a meeting",
        "POST",
        lambda w: u("meetings:meeting-close", args=[w.meeting.pk]),
        {SEC},
        ok=302,
        changed=lambda w: Meeting.objects.get(pk=w.meeting.pk).is_closed,
    ),
    Case(
        "reopen a meeting",
        "POST",
        lambda w: u("meetings:meeting-reopen", args=[w.closed.pk]),
        {SEC},
        data=lambda w: {"reason": "Bổ sung"},
        ok=302,
        changed=lambda w: not Meeting.objects.get(pk=w.closed.pk).is_closed,
    ),
    Case("task form", "GET", lambda w: u("meetings:task-create", args=[w.meeting.pk]), {SEC}),
    Case("task form, other document", "GET", lambda w: u("meetings:task-create-other"), {SEC}),
    Case(
        "assign a task",
        "POST",
        lambda w: u("meetings:task-create", args=[w.meeting.pk]),
        {SEC},
        data=lambda w: {"title": "Giao mới", "lead_agency": w.own_task.lead_agency_id, "deadline": "30/09/2019"},
        ok=302,
        changed=lambda w: Task.objects.filter(title="Giao mới").exists(),
    ),
    Case(
        "confirm completion (own unit)",
        "POST",
        lambda w: u("meetings:completion-confirm", args=[completion(w, w.decide_own)]),
        {SEC},
        ok=302,
        changed=lambda w: Task.objects.get(pk=w.decide_own.pk).is_done,
    ),
    Case(
        "confirm completion (other unit)",
        "POST",
        lambda w: u("meetings:completion-confirm", args=[completion(w, w.decide_other)]),
        {SEC},
        ok=302,
        changed=lambda w: Task.objects.get(pk=w.decide_other.pk).is_done,
    ),
    Case(
        "reject completion",
        "POST",
        lambda w: u("meetings:completion-reject", args=[completion(w, w.decide_own)]),
        {SEC},
        data=lambda w: {"reason": "Thiếu minh chứng"},
        ok=302,
        changed=lambda w: CompletionRequest.objects.get(task=w.decide_own).state == "refused",
    ),
    Case(
        "grant an extension",
        "POST",
        lambda w: u("meetings:extension-grant", args=[extension(w, w.decide_own)]),
        {SEC},
        data=lambda w: {"new_deadline": "31/10/2019", "reason": "Đồng ý"},
        ok=302,
        changed=lambda w: ExtensionRequest.objects.get(task=w.decide_own).state == "accepted",
    ),
    Case(
        "refuse an extension",
        "POST",
        lambda w: u("meetings:extension-refuse", args=[extension(w, w.decide_other)]),
        {SEC},
        data=lambda w: {"reason": "Không có căn cứ"},
        ok=302,
        changed=lambda w: ExtensionRequest.objects.get(task=w.decide_other).state == "refused",
    ),
    # --- reporting on a task: the lead agency's staff and head ---
    Case(
        "report progress (own unit)",
        "POST",
        lambda w: u("meetings:task-progress", args=[w.own_task.pk]),
        UNITS,
        data=lambda w: {"reported_on": "01/07/2019", "percent": 50, "text": "Đã làm"},
        ok=302,
        changed=lambda w: ProgressReport.objects.filter(task=w.own_task, percent=50).exists(),
    ),
    Case(
        "report progress (other unit)",
        "POST",
        lambda w: u("meetings:task-progress", args=[w.other_task.pk]),
        set(),
        data=lambda w: {"reported_on": "01/07/2019", "percent": 50, "text": "Đã làm"},
        ok=302,
        changed=lambda w: ProgressReport.objects.filter(task=w.other_task, percent=50).exists(),
    ),
    Case(
        "ask to close (own unit)",
        "POST",
        lambda w: u("meetings:task-completion", args=[w.own_task.pk]),
        UNITS,
        data=lambda w: {"completed_on": "01/07/2019"},
        ok=302,
        changed=lambda w: CompletionRequest.objects.filter(task=w.own_task).exists(),
    ),
    Case(
        "ask to close (other unit)",
        "POST",
        lambda w: u("meetings:task-completion", args=[w.other_task.pk]),
        set(),
        data=lambda w: {"completed_on": "01/07/2019"},
        ok=302,
        changed=lambda w: CompletionRequest.objects.filter(task=w.other_task).exists(),
    ),
    Case(
        "ask for more time (own unit)",
        "POST",
        lambda w: u("meetings:task-extension", args=[w.own_task.pk]),
        UNITS,
        data=lambda w: {"requested_deadline": "31/12/2019", "reason": "Cần thêm thời gian"},
        ok=302,
        changed=lambda w: ExtensionRequest.objects.filter(task=w.own_task).exists(),
    ),
    Case(
        "ask for more time (other unit)",
        "POST",
        lambda w: u("meetings:task-extension", args=[w.other_task.pk]),
        set(),
        data=lambda w: {"requested_deadline": "31/12/2019", "reason": "Cần"},
        ok=302,
        changed=lambda w: ExtensionRequest.objects.filter(task=w.other_task).exists(),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_view_for_every_role(client, people, world, role, case):
    client.force_login(people[role])
    url = case.url(world)
    response = client.get(url) if case.method == "GET" else client.post(url, case.data(world))
    allowed = role in case.allowed
    assert response.status_code == (case.ok if allowed else 403), (case.name, role, response.status_code)
    if case.changed is not None:
        assert case.changed(world) is allowed, (case.name, role)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_sends_each_role_where_it_works(client, people, role):
    client.force_login(people[role])
    response = client.get(reverse("meetings:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:inbox" if role in UNITS else "meetings:board")


@pytest.mark.parametrize("role", ROLES)
def test_forms_are_offered_only_to_those_who_may_use_them(client, people, world, role):
    client.force_login(people[role])
    own_page = client.get(reverse("meetings:task-detail", args=[world.decide_own.pk])).content.decode()
    assert (reverse("meetings:completion-confirm", args=[completion(world, world.decide_own)]) in own_page) is (
        role == SEC
    )
    task_page = client.get(reverse("meetings:task-detail", args=[world.own_task.pk])).content.decode()
    assert (reverse("meetings:task-progress", args=[world.own_task.pk]) in task_page) is (role in UNITS)
    if role in SHARED:
        meeting_page = client.get(reverse("meetings:meeting-detail", args=[world.meeting.pk])).content.decode()
        assert (reverse("meetings:task-create", args=[world.meeting.pk]) in meeting_page) is (role == SEC)
        board = client.get(reverse("meetings:board")).content.decode()
        assert (reverse("meetings:meeting-create") in board) is (role == SEC)


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for case in CASES:
        url = case.url(world)
        response = client.get(url) if case.method == "GET" else client.post(url, case.data(world))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), case.name
        if case.changed is not None:
            assert not case.changed(world), case.name
