"""The pages: landing, board with filters (constant query count), meeting page with its counts and
the carry-forward list, the unit inbox, and the forms that record meetings and tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Task, TaskStatus

D = dt.date


@pytest.fixture
def q1_q2(make_meeting, make_task, units, people, sec, frozen):
    """Q1 meeting (28/03/2019) with a task done before Q2, one done after it and one still open;
    Q2 meeting (13/06/2019) with two tasks."""
    own, other = units
    frozen(D(2019, 3, 30))
    q1 = make_meeting(held_on=D(2019, 3, 28), title="Phiên họp quý I/2019")
    early = make_task(q1, lead=own, title="Q1 xong sớm", deadline=D(2019, 4, 30))
    late = make_task(q1, lead=other, title="Q1 xong sau", deadline=D(2019, 5, 31))
    make_task(q1, lead=other, title="Q1 còn dở", deadline=D(2019, 5, 31))
    frozen(D(2019, 4, 20))
    request = services.task_completion_request(task_id=early.pk, by=people["staff"], completed_on=D(2019, 4, 20))
    services.task_completion_confirm(request_id=request.pk, by=sec)
    frozen(D(2019, 6, 13))
    q2 = make_meeting(held_on=D(2019, 6, 13), title="Phiên họp quý II/2019")
    make_task(q2, lead=own, title="Q2 thứ nhất", deadline=D(2019, 7, 31))
    make_task(q2, lead=other, title="Q2 thứ hai", deadline=D(2019, 9, 30))
    frozen(D(2019, 6, 28))
    from agencies.models import Role
    from tests.factories import UserFactory

    other_staff = UserFactory(role=Role.STAFF, agency=other)
    request = services.task_completion_request(task_id=late.pk, by=other_staff, completed_on=D(2019, 6, 28))
    services.task_completion_confirm(request_id=request.pk, by=sec)
    frozen(D(2019, 8, 1))
    return q1, q2


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("secretariat", "/meetings/board/"),
        ("committee", "/meetings/board/"),
        ("admin", "/meetings/board/"),
        ("staff", "/meetings/inbox/"),
        ("head", "/meetings/inbox/"),
    ],
)
def test_the_landing_page_follows_the_role(client, people, role, target):
    client.force_login(people[role])
    response = client.get(reverse("meetings:home"))
    assert response.status_code == 302 and response["Location"] == target


def test_the_meeting_page_counts_statuses_and_carries_forward_the_unfinished(client, sec, q1_q2):
    q1, q2 = q1_q2
    client.force_login(sec)
    response = client.get(reverse("meetings:meeting-detail", args=[q2.pk]))
    counts = {s.value: n for s, n in response.context["counts"]}
    assert counts == {
        TaskStatus.DONE_ON_TIME: 0,
        TaskStatus.DONE_LATE: 0,
        TaskStatus.IN_PROGRESS: 1,
        TaskStatus.OVERDUE: 1,
    }
    carried = [t.title for t in response.context["carried"]]
    assert carried == ["Q1 xong sau", "Q1 còn dở"]  # "Q1 xong sớm" was done before 13/06
    statuses = {t.title: t.status for t in response.context["carried"]}
    assert statuses == {"Q1 xong sau": TaskStatus.DONE_LATE, "Q1 còn dở": TaskStatus.OVERDUE}
    body = response.content.decode()
    assert 'data-testid="count-overdue">1<' in body
    assert "Chưa hoàn thành quá hạn" in body
    q1_page = client.get(reverse("meetings:meeting-detail", args=[q1.pk]))
    assert list(q1_page.context["carried"]) == []


def test_the_board_filters_by_agency_meeting_status_and_due_window(client, sec, q1_q2, units):
    q1, q2 = q1_q2
    own, other = units
    client.force_login(sec)

    def titles(**params):
        response = client.get(reverse("meetings:board"), params)
        assert response.status_code == 200
        return sorted(t.title for t in response.context["tasks"])

    assert len(titles()) == 5
    assert titles(agency=other.pk) == ["Q1 còn dở", "Q1 xong sau", "Q2 thứ hai"]
    assert titles(meeting=q2.pk) == ["Q2 thứ hai", "Q2 thứ nhất"]
    assert titles(status=TaskStatus.OVERDUE) == ["Q1 còn dở", "Q2 thứ nhất"]
    assert titles(status=TaskStatus.DONE_LATE) == ["Q1 xong sau"]
    assert titles(due="overdue") == ["Q1 còn dở", "Q2 thứ nhất"]
    assert titles(due="90") == ["Q2 thứ hai"]  # due 30/09, today 01/08
    assert titles(due="30") == []
    assert titles(agency=other.pk, meeting=q1.pk, status=TaskStatus.OVERDUE) == ["Q1 còn dở"]


def test_the_board_query_count_does_not_grow_with_the_tasks(
    client, sec, make_meeting, make_task, units, people, django_assert_max_num_queries, frozen
):
    frozen(D(2019, 6, 20))
    meeting = make_meeting()

    def add(n):
        for i in range(n):
            task = make_task(meeting, lead=units[i % 2], coordinating_agencies=[units[(i + 1) % 2]], title=f"NV {i}")
            if i % 2 == 0:  # led by the staff's own unit: a progress report and a waiting completion
                services.task_report_progress(
                    task_id=task.pk, by=people["staff"], reported_on=D(2019, 6, 20), text="x", percent=30
                )
                services.task_completion_request(task_id=task.pk, by=people["staff"], completed_on=D(2019, 6, 20))

    client.force_login(sec)
    add(3)
    with django_assert_max_num_queries(10) as few:  # session, user, filter choices, tasks, prefetch
        assert client.get(reverse("meetings:board")).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("meetings:board"))
    assert len(response.context["tasks"]) == 43
    for name, args in (
        ("meetings:meeting-detail", [meeting.pk]),
        ("meetings:agency-inbox", ["OWN"]),
        ("meetings:meeting-list", []),
    ):
        with django_assert_max_num_queries(16):
            assert client.get(reverse(name, args=args)).status_code == 200


def test_the_secretariat_records_a_meeting_and_assigns_tasks_through_the_forms(client, sec, people, units):
    own, other = units
    client.force_login(sec)
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "kind": "quarterly",
            "title": "Phiên họp quý III/2019",
            "held_on": "26/09/2019",
            "place": "Hội trường UBND tỉnh",
            "chair": people["committee"].pk,
            "present": [people["committee"].pk],
            "agencies_present": [own.pk, other.pk],
            "topics": "Phối hợp giữa các cơ quan\nMột cửa liên thông\n",
            "conclusion_number": "75/TB-BCĐ",
            "conclusion_date": "01/10/2019",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:meeting-detail", args=[meeting.pk])
    assert meeting.held_on == D(2019, 9, 26) and meeting.topics.count() == 2
    response = client.post(
        reverse("meetings:task-create", args=[meeting.pk]),
        {
            "title": "Đánh giá Trung tâm HCC",
            "lead_agency": own.pk,
            "coordinating_agencies": [other.pk],
            "deadline": "31/12/2019",
            "another": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("meetings:task-create", args=[meeting.pk])
    task = Task.objects.get()
    assert (task.meeting, task.lead_agency, task.deadline) == (meeting, own, D(2019, 12, 31))
    bad = client.post(reverse("meetings:task-create", args=[meeting.pk]), {"title": "x", "lead_agency": own.pk})
    assert bad.status_code == 400 and Task.objects.count() == 1
    other_doc = client.post(
        reverse("meetings:task-create-other"),
        {
            "title": "Báo cáo quý",
            "lead_agency": other.pk,
            "recurrence": "quarterly",
            "source_document": "Kế hoạch số 10/KH-UBND",
        },
    )
    assert other_doc.status_code == 302 and Task.objects.filter(meeting=None, recurrence="quarterly").exists()


def test_closed_meeting_pages_say_why_and_offer_reopening(client, sec, make_meeting):
    meeting = make_meeting()
    client.force_login(sec)
    client.post(reverse("meetings:meeting-close", args=[meeting.pk]))
    body = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="lock-reason"' in body and reverse("meetings:meeting-reopen", args=[meeting.pk]) in body
    assert reverse("meetings:task-create", args=[meeting.pk]) not in body
    assert client.post(reverse("meetings:meeting-reopen", args=[meeting.pk]), {"reason": ""}).status_code == 400
    assert (
        client.post(reverse("meetings:meeting-reopen", args=[meeting.pk]), {"reason": "Sửa số TB"}).status_code == 302
    )
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_the_inbox_lists_led_and_coordinated_tasks(client, people, q1_q2, units, make_task, frozen):
    own, other = units
    make_task(lead=other, title="Phối hợp với Sở", coordinating_agencies=[own])
    client.force_login(people["staff"])
    response = client.get(reverse("meetings:inbox"))
    assert [t.title for t in response.context["led"]] == ["Q2 thứ nhất", "Q1 xong sớm"]  # open first
    assert [t.title for t in response.context["coordinated"]] == ["Phối hợp với Sở"]
    task = Task.objects.get(title="Phối hợp với Sở")
    page = client.get(reverse("meetings:task-detail", args=[task.pk]))
    assert page.status_code == 200 and page.context["can_report"] is False
