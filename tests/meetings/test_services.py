"""Meetings and tasks through their services: what each one checks, and what it records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from meetings import services
from meetings.models import (
    CompletionRequest,
    ExtensionRequest,
    Meeting,
    MeetingEventKind,
    MeetingState,
    RequestState,
    Task,
    TaskEventKind,
)

D = dt.date


def test_recording_a_meeting_keeps_every_part_of_the_record(sec, people, units, make_meeting):
    own, other = units
    meeting = make_meeting(
        place="Hội trường UBND tỉnh",
        chair=people["committee"],
        invited=[people["committee"], people["head"]],
        present=[people["committee"]],
        agencies_present=[own, other],
        agenda="Sơ kết 6 tháng",
        topics=["Phối hợp giữa các cơ quan", "  ", "Một cửa liên thông"],
        conclusion_number="52/TB-BCĐ",
        conclusion_date=D(2019, 6, 20),
        conclusion_signer="Nguyễn Văn Sơn",
        conclusion_text="Các sở triển khai…",
    )
    meeting.refresh_from_db()
    assert meeting.chair == people["committee"]
    assert set(meeting.invited.all()) == {people["committee"], people["head"]}
    assert list(meeting.present.all()) == [people["committee"]]
    assert set(meeting.agencies_present.all()) == {own, other}
    assert list(meeting.topics.values_list("title", flat=True)) == ["Phối hợp giữa các cơ quan", "Một cửa liên thông"]
    assert "52/TB-BCĐ" in meeting.conclusion_label and "20/06/2019" in meeting.conclusion_label
    assert [e.kind for e in meeting.events.all()] == [MeetingEventKind.RECORDED]


def test_the_conclusion_cannot_predate_the_meeting_nor_repeat_a_number(make_meeting):
    with pytest.raises(services.MeetingError):
        make_meeting(held_on=D(2019, 6, 13), conclusion_date=D(2019, 6, 12))
    make_meeting(held_on=D(2019, 3, 28), conclusion_number="18/TB-BCĐ")
    with pytest.raises(services.MeetingError):
        make_meeting(held_on=D(2019, 6, 13), conclusion_number="18/TB-BCĐ")


def test_closing_makes_the_record_read_only_and_reopening_needs_a_reason(sec, make_meeting, make_task, units):
    meeting = make_meeting()
    services.meeting_close(meeting_id=meeting.pk, by=sec)
    with pytest.raises(services.MeetingLocked) as excinfo:
        services.meeting_update(meeting_id=meeting.pk, by=sec, place="Nơi khác")
    assert "read-only" in excinfo.value.message or "chỉ" in excinfo.value.message
    with pytest.raises(services.MeetingLocked):
        make_task(meeting)
    with pytest.raises(services.MeetingLocked):
        services.meeting_close(meeting_id=meeting.pk, by=sec)
    with pytest.raises(services.MeetingError):
        services.meeting_reopen(meeting_id=meeting.pk, by=sec, reason="  ")

    services.meeting_reopen(meeting_id=meeting.pk, by=sec, reason="Bổ sung thông báo kết luận")
    services.meeting_update(meeting_id=meeting.pk, by=sec, place="Nơi khác")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.OPEN and meeting.place == "Nơi khác"
    events = list(meeting.events.values_list("kind", "note"))
    assert events == [
        (MeetingEventKind.RECORDED, ""),
        (MeetingEventKind.CLOSED, ""),
        (MeetingEventKind.REOPENED, "Bổ sung thông báo kết luận"),
        (MeetingEventKind.UPDATED, "địa điểm"),  # the changed fields, named for a reader
    ]


def test_an_update_that_changes_nothing_records_nothing(sec, make_meeting):
    meeting = make_meeting(place="A")
    services.meeting_update(meeting_id=meeting.pk, by=sec, place="A", topics=[])
    assert meeting.events.count() == 1


def test_tasks_of_a_closed_meeting_are_still_followed_up(sec, people, make_meeting, make_task, frozen):
    frozen(D(2019, 6, 20))
    meeting = make_meeting()
    task = make_task(meeting)
    services.meeting_close(meeting_id=meeting.pk, by=sec)
    services.task_report_progress(
        task_id=task.pk, by=people["staff"], reported_on=D(2019, 6, 20), text="50%", percent=50
    )
    assert task.progress_reports.count() == 1


def test_the_database_refuses_a_closed_meeting_without_closing_time(sec):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(kind="quarterly", title="x", held_on=D(2019, 1, 1), state="closed", created_by=sec)


def test_a_task_needs_a_source_and_a_deadline_or_recurrence(sec, units, make_meeting):
    own, _ = units
    with pytest.raises(services.MeetingError):
        services.task_assign(by=sec, title="x", lead_agency=own, deadline=D(2019, 9, 30))  # no source
    with pytest.raises(services.MeetingError):
        services.task_assign(by=sec, title="x", lead_agency=own, source_document="CT 12")  # no deadline
    meeting = make_meeting(held_on=D(2019, 6, 13))
    with pytest.raises(services.MeetingError):
        services.task_assign(by=sec, title="x", lead_agency=own, meeting_id=meeting.pk, deadline=D(2019, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(title="x", lead_agency=own, created_by=sec, source_document="CT")


def test_sub_tasks_come_from_their_parents_source_and_the_lead_is_not_also_coordinating(
    sec, units, make_meeting, make_task
):
    own, other = units
    meeting = make_meeting()
    parent = make_task(meeting, title="Đánh giá các Trung tâm HCC")
    child = services.task_assign(
        by=sec,
        title="Huyện Đồng Văn",
        lead_agency=other,
        deadline=D(2019, 8, 31),
        parent_id=parent.pk,
        coordinating_agencies=[own, other],
    )
    assert child.meeting == meeting and child.parent == parent
    assert list(child.coordinating_agencies.all()) == [own]
    assert list(parent.subtasks.all()) == [child]


def test_progress_reports_come_from_the_lead_agency_only(people, units, make_task, frozen):
    frozen(D(2019, 7, 1))
    own, other = units
    task = make_task(lead=other)
    for role in ("staff", "head", "secretariat", "committee", "admin"):
        with pytest.raises(PermissionDenied):
            services.task_report_progress(
                task_id=task.pk, by=people[role], reported_on=D(2019, 7, 1), text="x", percent=1
            )
    mine = make_task(lead=own)
    with pytest.raises(services.MeetingError):
        services.task_report_progress(
            task_id=mine.pk, by=people["head"], reported_on=D(2019, 7, 2), text="x", percent=1
        )
    with pytest.raises(services.MeetingError):
        services.task_report_progress(
            task_id=mine.pk, by=people["head"], reported_on=D(2019, 7, 1), text="x", percent=101
        )


def test_requests_and_decisions_are_kept_in_the_history(people, sec, make_task, frozen):
    staff = people["staff"]
    frozen(D(2019, 6, 20))
    task = make_task(deadline=D(2019, 9, 30))
    services.task_report_progress(task_id=task.pk, by=staff, reported_on=D(2019, 6, 20), text="Đã làm", percent=40)
    ext = services.task_extension_request(task_id=task.pk, by=staff, requested_deadline=D(2019, 10, 31), reason="Cần")
    with pytest.raises(services.MeetingError):  # one pending request at a time
        services.task_extension_request(task_id=task.pk, by=staff, requested_deadline=D(2019, 11, 30), reason="Cần")
    with pytest.raises(services.MeetingError):  # a grant gives a reason
        services.task_extension_grant(request_id=ext.pk, by=sec, new_deadline=D(2019, 10, 31), reason="")
    with pytest.raises(services.MeetingError):  # and moves the deadline later
        services.task_extension_grant(request_id=ext.pk, by=sec, new_deadline=D(2019, 9, 1), reason="Đồng ý")
    services.task_extension_grant(request_id=ext.pk, by=sec, new_deadline=D(2019, 10, 15), reason="Đồng ý 15 ngày")
    with pytest.raises(services.MeetingError):  # decided once
        services.task_extension_refuse(request_id=ext.pk, by=sec, reason="Không")
    done = services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 6, 20), note="Xong")
    with pytest.raises(services.MeetingError):
        services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 6, 20))
    with pytest.raises(services.MeetingError):
        services.task_completion_reject(request_id=done.pk, by=sec, reason=" ")
    services.task_completion_reject(request_id=done.pk, by=sec, reason="Thiếu minh chứng")
    again = services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 6, 20))
    services.task_completion_confirm(request_id=again.pk, by=sec)
    with pytest.raises(services.MeetingError):  # a done task takes no more reports
        services.task_report_progress(task_id=task.pk, by=staff, reported_on=D(2019, 6, 20), text="x", percent=100)

    assert list(task.events.values_list("kind", flat=True)) == [
        TaskEventKind.ASSIGNED,
        TaskEventKind.PROGRESS,
        TaskEventKind.EXTENSION_REQUESTED,
        TaskEventKind.EXTENSION_GRANTED,
        TaskEventKind.COMPLETION_REQUESTED,
        TaskEventKind.COMPLETION_REJECTED,
        TaskEventKind.COMPLETION_REQUESTED,
        TaskEventKind.COMPLETION_CONFIRMED,
    ]
    assert list(CompletionRequest.objects.values_list("state", flat=True)) == [
        RequestState.REFUSED,
        RequestState.ACCEPTED,
    ]
    task.refresh_from_db()
    assert task.completed_on == D(2019, 6, 20) and task.completion_confirmed_by == sec
    assert task.deadline == D(2019, 9, 30)  # the original is never overwritten
    assert ExtensionRequest.objects.get().granted_deadline == D(2019, 10, 15)


def test_confirming_completion_closes_a_waiting_extension_request(people, sec, make_task, frozen):
    staff = people["staff"]
    frozen(D(2019, 7, 1))
    task = make_task()
    ext = services.task_extension_request(task_id=task.pk, by=staff, requested_deadline=D(2019, 12, 31), reason="x")
    done = services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 7, 1))
    services.task_completion_confirm(request_id=done.pk, by=sec)
    ext.refresh_from_db()
    assert ext.state == RequestState.REFUSED and ext.decision_reason


def test_the_database_allows_one_pending_request_of_each_kind(people, make_task, frozen):
    frozen(D(2019, 7, 1))
    task = make_task()
    now = dt.datetime(2019, 7, 1, tzinfo=dt.UTC)
    CompletionRequest.objects.create(
        task=task, completed_on=D(2019, 7, 1), requested_by=people["staff"], requested_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CompletionRequest.objects.create(
            task=task, completed_on=D(2019, 7, 1), requested_by=people["staff"], requested_at=now
        )


def test_only_the_secretariat_manages_meetings_and_decides(people, make_meeting, make_task, units, frozen):
    frozen(D(2019, 7, 1))
    meeting = make_meeting()
    task = make_task(meeting)
    ext = services.task_extension_request(
        task_id=task.pk, by=people["head"], requested_deadline=D(2019, 12, 31), reason="x"
    )
    done = services.task_completion_request(task_id=task.pk, by=people["head"], completed_on=D(2019, 7, 1))
    for role in ("staff", "head", "committee", "admin"):
        user = people[role]
        for call in (
            lambda user=user: services.meeting_record(by=user, kind="quarterly", title="x", held_on=D(2019, 7, 1)),
            lambda user=user: services.meeting_update(meeting_id=meeting.pk, by=user, place="x"),
            lambda user=user: services.meeting_close(meeting_id=meeting.pk, by=user),
            lambda user=user: services.task_assign(
                by=user, title="x", lead_agency=units[0], meeting_id=meeting.pk, deadline=D(2019, 9, 1)
            ),
            lambda user=user: services.task_completion_confirm(request_id=done.pk, by=user),
            lambda user=user: services.task_completion_reject(request_id=done.pk, by=user, reason="x"),
            lambda user=user: services.task_extension_grant(
                request_id=ext.pk, by=user, new_deadline=D(2019, 12, 31), reason="x"
            ),
            lambda user=user: services.task_extension_refuse(request_id=ext.pk, by=user, reason="x"),
        ):
            with pytest.raises(PermissionDenied):
                call()
