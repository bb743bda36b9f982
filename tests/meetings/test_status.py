"""The four official statuses, derived under a frozen clock, with and without an extension."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from meetings import services
from meetings.models import Task, TaskStatus
from meetings.status import deadline_in_force, task_status

D = dt.date
DEADLINE = D(2019, 9, 30)


def status_of(task: Task) -> str:
    return Task.objects.with_status().get(pk=task.pk).status


def done(task, *, on: dt.date, lead_user, sec) -> None:
    request = services.task_completion_request(task_id=task.pk, by=lead_user, completed_on=on)
    services.task_completion_confirm(request_id=request.pk, by=sec)


@pytest.fixture
def staff(people):
    return people["staff"]


# --- Without an extension -----------------------------------------------------------------------


def test_not_done_is_within_deadline_up_to_and_on_the_deadline_day(make_task, frozen):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    assert status_of(task) == TaskStatus.IN_PROGRESS
    frozen(DEADLINE, hour=23)
    assert status_of(task) == TaskStatus.IN_PROGRESS


def test_not_done_is_overdue_from_the_day_after_the_deadline(make_task, frozen):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    frozen(DEADLINE + dt.timedelta(days=1), hour=0)
    assert status_of(task) == TaskStatus.OVERDUE


def test_done_on_the_deadline_day_is_on_time(make_task, frozen, staff, sec):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    frozen(D(2019, 10, 3))  # reported and confirmed after the deadline: the agency's date counts
    done(task, on=DEADLINE, lead_user=staff, sec=sec)
    assert status_of(task) == TaskStatus.DONE_ON_TIME
    frozen(D(2020, 6, 1))  # and it stays so
    assert status_of(task) == TaskStatus.DONE_ON_TIME


def test_done_after_the_deadline_is_late(make_task, frozen, staff, sec):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    frozen(D(2019, 10, 10))
    done(task, on=D(2019, 10, 1), lead_user=staff, sec=sec)
    assert status_of(task) == TaskStatus.DONE_LATE


def test_a_completion_report_is_not_done_until_the_secretariat_confirms(make_task, frozen, staff, sec):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    frozen(D(2019, 9, 25))
    request = services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 9, 25))
    frozen(D(2019, 10, 2))
    assert status_of(task) == TaskStatus.OVERDUE  # waiting for confirmation, past the deadline
    services.task_completion_confirm(request_id=request.pk, by=sec)
    assert status_of(task) == TaskStatus.DONE_ON_TIME  # done as of the agency's date, 25/09


def test_a_rejected_completion_leaves_the_task_not_done(make_task, frozen, staff, sec):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    request = services.task_completion_request(task_id=task.pk, by=staff, completed_on=D(2019, 6, 20))
    services.task_completion_reject(request_id=request.pk, by=sec, reason="Chưa có báo cáo kết quả.")
    task.refresh_from_db()
    assert task.completed_on is None
    assert status_of(task) == TaskStatus.IN_PROGRESS


def test_a_regular_task_without_deadline_is_never_overdue(make_task, frozen, staff, sec):
    frozen(D(2019, 6, 20))
    task = make_task(deadline=None, recurrence="regular")
    frozen(D(2025, 1, 1))
    assert status_of(task) == TaskStatus.IN_PROGRESS
    done(task, on=D(2025, 1, 1), lead_user=staff, sec=sec)
    assert status_of(task) == TaskStatus.DONE_ON_TIME


# --- With an extension --------------------------------------------------------------------------


@pytest.fixture
def extended(make_task, frozen, staff, sec):
    """A task due 30/09/2019, extended on 25/09 to 31/10/2019."""
    frozen(D(2019, 6, 20))
    task = make_task(deadline=DEADLINE)
    frozen(D(2019, 9, 20))
    request = services.task_extension_request(
        task_id=task.pk, by=staff, requested_deadline=D(2019, 10, 31), reason="Chờ ý kiến các sở."
    )
    frozen(D(2019, 9, 25))
    services.task_extension_grant(request_id=request.pk, by=sec, new_deadline=D(2019, 10, 31), reason="Đồng ý.")
    return task


def test_an_extension_moves_the_deadline_in_force_and_keeps_the_original(extended):
    row = Task.objects.with_status().get(pk=extended.pk)
    assert row.deadline == DEADLINE
    assert row.deadline_in_force == D(2019, 10, 31)


def test_with_an_extension_not_done_is_within_deadline_until_the_new_deadline(extended, frozen):
    frozen(D(2019, 10, 15))
    assert status_of(extended) == TaskStatus.IN_PROGRESS
    frozen(D(2019, 10, 31))
    assert status_of(extended) == TaskStatus.IN_PROGRESS
    frozen(D(2019, 11, 1))
    assert status_of(extended) == TaskStatus.OVERDUE


def test_with_an_extension_done_after_the_original_but_by_the_new_deadline_is_on_time(extended, frozen, staff, sec):
    frozen(D(2019, 10, 20))
    done(extended, on=D(2019, 10, 20), lead_user=staff, sec=sec)
    assert status_of(extended) == TaskStatus.DONE_ON_TIME


def test_with_an_extension_done_after_the_new_deadline_is_late(extended, frozen, staff, sec):
    frozen(D(2019, 11, 5))
    done(extended, on=D(2019, 11, 4), lead_user=staff, sec=sec)
    assert status_of(extended) == TaskStatus.DONE_LATE


def test_the_latest_granted_extension_is_in_force_and_a_refused_one_changes_nothing(extended, frozen, staff, sec):
    frozen(D(2019, 10, 25))
    second = services.task_extension_request(
        task_id=extended.pk, by=staff, requested_deadline=D(2019, 12, 31), reason="Thêm thời gian."
    )
    services.task_extension_grant(request_id=second.pk, by=sec, new_deadline=D(2019, 11, 30), reason="Một tháng.")
    third = services.task_extension_request(
        task_id=extended.pk, by=staff, requested_deadline=D(2020, 3, 31), reason="Lần nữa."
    )
    services.task_extension_refuse(request_id=third.pk, by=sec, reason="Không có căn cứ.")
    row = Task.objects.with_status().get(pk=extended.pk)
    assert (row.deadline, row.deadline_in_force) == (DEADLINE, D(2019, 11, 30))
    frozen(D(2019, 12, 1))
    assert status_of(extended) == TaskStatus.OVERDUE


# --- One rule in SQL and in Python ----------------------------------------------------------------


def test_the_annotation_and_the_pure_function_agree(make_task, frozen, staff, sec):
    """Every combination of completion date and deadline, counted by the board's SQL, matches
    task_status() for one task."""
    frozen(D(2019, 6, 1))
    days = [D(2019, 6, 10), D(2019, 6, 15), D(2019, 6, 20)]
    tasks = []
    for deadline, completed in itertools.product([*days, None], [*days, None]):
        task = make_task(deadline=deadline, recurrence="" if deadline else "regular")
        tasks.append((task, deadline, completed))
    frozen(D(2019, 6, 20))
    for task, _deadline, completed in tasks:
        if completed:
            done(task, on=completed, lead_user=staff, sec=sec)
    for today in [D(2019, 6, 9), *days, D(2019, 6, 21)]:
        frozen(today)
        annotated = dict(Task.objects.with_status().values_list("pk", "status"))
        for task, deadline, completed in tasks:
            # Completions confirmed on 20/06 exist from then on, whatever "today" the board is read.
            expected = task_status(completed_on=completed, deadline_in_force=deadline, today=today)
            assert annotated[task.pk] == expected, (deadline, completed, today)
    assert set(annotated.values()) == set(TaskStatus)


def test_deadline_in_force_pure_function():
    t1 = dt.datetime(2019, 9, 1, tzinfo=dt.UTC)
    t2 = dt.datetime(2019, 10, 1, tzinfo=dt.UTC)
    assert deadline_in_force(original=DEADLINE, granted=[]) == DEADLINE
    assert deadline_in_force(original=DEADLINE, granted=[(t2, 2, D(2019, 11, 30)), (t1, 1, D(2019, 10, 31))]) == D(
        2019, 11, 30
    )


def test_status_counts_are_counted_by_the_database(make_task, frozen, people, sec, django_assert_num_queries):
    from meetings.selectors import status_counts

    frozen(D(2019, 6, 20))
    make_task(deadline=D(2019, 6, 1))
    make_task(deadline=D(2019, 7, 1))
    make_task(deadline=None, recurrence="regular")
    with django_assert_num_queries(1):
        counts = status_counts(Task.objects.with_status())
    assert counts == [
        (TaskStatus.DONE_ON_TIME, 0),
        (TaskStatus.DONE_LATE, 0),
        (TaskStatus.IN_PROGRESS, 2),
        (TaskStatus.OVERDUE, 1),
    ]
