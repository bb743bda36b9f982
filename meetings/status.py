"""The one place a task's status is derived (Decision 42/2014/QĐ-TTg, amended by 23/2018/QĐ-TTg).

A task is *done* once the secretariat confirmed the lead agency's completion report; `completed_on`
is the day the agency reported. It is done on time when that day is on or before the deadline in
force, late otherwise. A task not done is within its deadline up to and including the deadline
day, overdue from the day after. The deadline in force is the latest extension the secretariat
granted, else the original deadline. A task without a deadline (a regular, ongoing or recurring
duty) is never late.

`task_status()` decides for one task in Python; `TaskQuerySet.with_status()` says the same in SQL,
so the board can filter and count by status. A test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone


def task_status(*, completed_on: dt.date | None, deadline_in_force: dt.date | None, today: dt.date) -> str:
    """One of the four TaskStatus values for one task."""
    from meetings.models import TaskStatus

    if completed_on is not None:
        if deadline_in_force is None or completed_on <= deadline_in_force:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if deadline_in_force is None or today <= deadline_in_force:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.OVERDUE


def deadline_in_force(
    *, original: dt.date | None, granted: Iterable[tuple[dt.datetime, int, dt.date]]
) -> dt.date | None:
    """The latest granted extension (by decision time, then id), else the original deadline.

    `granted` holds (decided_at, id, granted_deadline) of the task's granted extensions."""
    latest = max(granted, default=None)
    return latest[2] if latest is not None else original


class TaskQuerySet(models.QuerySet):
    def with_deadline_in_force(self) -> TaskQuerySet:
        from meetings.models import ExtensionRequest, RequestState

        latest_grant = (
            ExtensionRequest.objects.filter(task=OuterRef("pk"), state=RequestState.ACCEPTED)
            .order_by("-decided_at", "-pk")
            .values("granted_deadline")[:1]
        )
        return self.annotate(
            deadline_in_force=Coalesce(Subquery(latest_grant, output_field=models.DateField()), F("deadline"))
        )

    def with_status(self, today: dt.date | None = None) -> TaskQuerySet:
        """Annotate `deadline_in_force` and `status` (a TaskStatus value) as of `today`."""
        from meetings.models import TaskStatus

        today = today or timezone.localdate()
        done = Q(completed_on__isnull=False)
        return self.with_deadline_in_force().annotate(
            status=Case(
                When(done & Q(deadline_in_force__isnull=True), then=Value(TaskStatus.DONE_ON_TIME.value)),
                When(done & Q(completed_on__lte=F("deadline_in_force")), then=Value(TaskStatus.DONE_ON_TIME.value)),
                When(done, then=Value(TaskStatus.DONE_LATE.value)),
                When(deadline_in_force__isnull=True, then=Value(TaskStatus.IN_PROGRESS.value)),
                When(
                    deadline_in_force__gte=Value(today, output_field=models.DateField()),
                    then=Value(TaskStatus.IN_PROGRESS.value),
                ),
                default=Value(TaskStatus.OVERDUE.value),
                output_field=models.CharField(max_length=20),
            )
        )

    def open(self) -> TaskQuerySet:
        """Not done yet (the completion has not been confirmed)."""
        return self.filter(completed_on__isnull=True)
